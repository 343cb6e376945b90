"""Jinja2 templates for the HTML pages: autoescaped, loaded from the package."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import falcon
import jinja2

from plotpress import __version__
from plotpress.entrypoints.wsgi import csp

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def _vendor_versions() -> dict[str, str]:
    """Vendored library versions, for cache-busting their URLs."""
    path = STATIC_DIR / "vendor" / "VERSIONS.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(e["name"]): str(e["version"]) for e in entries}


class Templates:
    def __init__(self, directory: Path = TEMPLATES_DIR) -> None:
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(directory),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.globals.update(
            plotpress_version=__version__,
            vendor=_vendor_versions(),
        )

    def render(self, name: str, **context: Any) -> str:
        return self._env.get_template(name).render(**context)

    def respond(
        self, resp: falcon.Response, name: str, *, status: int = 200, **context: Any
    ) -> None:
        """Send a rendered template as this response's HTML, with the page policy."""
        resp.status = status
        resp.content_type = falcon.MEDIA_HTML
        resp.text = self.render(name, **context)
        resp.set_header(csp.HEADER, csp.PAGE_POLICY)
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.set_header("Cache-Control", "private, no-cache")
