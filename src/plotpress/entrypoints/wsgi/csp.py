"""The Content-Security-Policy the HTML pages need (see docs/security-csp.md).

Scripts only from this origin: the vendored d3 and Plot, the runtime modules, and each
block's code as a server-compiled module — so neither ``'unsafe-inline'`` nor
``'unsafe-eval'`` is needed for scripts. Styles allow ``'unsafe-inline'`` because
Observable Plot writes a ``<style>`` element into every chart it draws and sets
``style`` attributes; style injection cannot run code. ``data:`` images are Plot's
raster and image marks.
"""

from __future__ import annotations

PAGE_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
"""The policy for every HTML page PlotPress serves (the security middleware sets it last)."""

HEADER = "Content-Security-Policy"
