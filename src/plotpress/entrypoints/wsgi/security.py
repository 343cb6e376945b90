"""Browser-facing protections: cross-site request refusal and security headers.

Cross-site requests: an unsafe method (POST, PUT, PATCH, DELETE) is refused when the
browser says it comes from another site. Modern browsers send ``Sec-Fetch-Site``; older
ones at least ``Origin`` on POST. A request with neither comes from a non-browser client
(curl, a script), which carries no ambient cookies of a victim, so it is let through.
``same-site`` is refused too: a sibling subdomain is not this application.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import falcon

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

DEFAULT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, default_port) else None
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


class CrossSiteRequestRefusal:
    """Middleware: unsafe methods from another site get a 403 before any resource runs."""

    def __init__(self, public_url: str) -> None:
        self._origin = origin_of(public_url)

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.method not in UNSAFE_METHODS:
            return
        site = req.get_header("Sec-Fetch-Site")
        if site is not None:
            if site.lower() in ("same-origin", "none"):
                return
            raise falcon.HTTPForbidden(
                title="Cross-site request refused",
                description="This action must come from a PlotPress page.",
            )
        origin = req.get_header("Origin")
        if origin is None:
            return
        if origin == "null" or origin_of(origin) not in (self._origin, self._request_origin(req)):
            raise falcon.HTTPForbidden(
                title="Cross-site request refused",
                description="This action must come from a PlotPress page.",
            )

    @staticmethod
    def _request_origin(req: falcon.Request) -> str:
        return origin_of(f"{req.scheme}://{req.host}" + (f":{req.port}" if req.port else ""))


class SecurityHeaders:
    """Middleware: CSP, anti-framing and friends on every response.

    Everything but the static assets is ``no-store``: pages and API answers depend on who
    is signed in, and a shared cache must never hold them.
    """

    def __init__(self, *, csp: str = DEFAULT_CSP, hsts: bool = False) -> None:
        self._csp = csp
        self._hsts = hsts

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        if resp.get_header("Content-Security-Policy") is None:
            resp.set_header("Content-Security-Policy", self._csp)
        resp.set_header("X-Frame-Options", "DENY")
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.set_header("Referrer-Policy", "same-origin")
        resp.set_header("Cross-Origin-Opener-Policy", "same-origin")
        resp.set_header("Cross-Origin-Resource-Policy", "same-origin")
        resp.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if self._hsts:
            resp.set_header("Strict-Transport-Security", "max-age=31536000")
        if not req.path.startswith("/static/"):
            resp.set_header("Cache-Control", "no-store")


MAX_BODY_BYTES = 64 * 1024
"""Every request body PlotPress takes is a small form or JSON object."""


class BodyLimit:
    """Middleware: refuse large bodies before anything reads them (no memory blow-up,
    no giant audit rows from unauthenticated requests)."""

    def __init__(self, max_bytes: int = MAX_BODY_BYTES) -> None:
        self._max = max_bytes

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        length = req.content_length
        if length is None:
            if req.get_header("Transfer-Encoding"):
                raise falcon.HTTPLengthRequired(
                    title="Length required", description="Send a Content-Length."
                )
            return
        if length > self._max:
            raise falcon.HTTPContentTooLarge(
                title="Request body too large",
                description=f"Bodies are limited to {self._max // 1024} KiB.",
            )
