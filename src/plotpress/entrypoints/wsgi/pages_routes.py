"""The viewer's side of the web app: home, pages, block modules, CSV and static files.

``create_app`` calls :func:`add_page_routes` once with the collaborators it built.
"""

from __future__ import annotations

import falcon

from plotpress.entrypoints.wsgi.page_urls import PAGE_LINKS
from plotpress.entrypoints.wsgi.resources.blocks import BlockModuleResource
from plotpress.entrypoints.wsgi.resources.csv import BlockCsvResource
from plotpress.entrypoints.wsgi.resources.pages import (
    DashboardRedirect,
    HomeResource,
    PageResource,
)
from plotpress.entrypoints.wsgi.templating import STATIC_DIR, Templates
from plotpress.ports.page_renderer import BlockLinks, PageRenderer
from plotpress.services.pages import PageService
from plotpress.services.query.runner import QueryService
from plotpress.services.workspace_state import WorkspaceState

__all__ = ["PAGE_LINKS", "BlockLinks", "add_page_routes"]


def add_page_routes(
    app: falcon.App[falcon.Request, falcon.Response],
    *,
    state: WorkspaceState,
    queries: QueryService,
    renderer: PageRenderer,
    templates: Templates | None = None,
) -> PageService:
    """Install ``/``, ``/dashboards/…``, the block CSV route and ``/static/``.

    ``renderer`` must build its module and CSV URLs with :data:`PAGE_LINKS`, e.g.
    ``MarkdownPageRenderer(PAGE_LINKS)``. Returns the PageService (for reuse, e.g. by a
    future ``/api/me``).
    """
    pages = PageService(renderer)
    views = templates or Templates()
    page = PageResource(pages, state, views)
    app.add_route("/", HomeResource(pages, state, views))
    app.add_route("/dashboards/{slug}", DashboardRedirect())
    app.add_route("/dashboards/{slug}/", page)
    app.add_route("/dashboards/{slug}/{page}", page)
    app.add_route("/dashboards/{slug}/{page}/blocks/{n}.js", BlockModuleResource(pages, state))
    app.add_route(
        "/api/dashboards/{slug}/pages/{page}/blocks/{n}.csv", BlockCsvResource(queries, state)
    )
    app.add_static_route("/static", str(STATIC_DIR))
    return pages
