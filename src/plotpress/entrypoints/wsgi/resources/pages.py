"""``GET /`` and the dashboard pages (SPEC §3–§4): server-rendered HTML."""

from __future__ import annotations

import falcon
from markupsafe import Markup

from plotpress.entrypoints.wsgi.page_urls import login_url, page_url
from plotpress.entrypoints.wsgi.templating import Templates
from plotpress.services.pages import PageProblem, PageService, SignInRequired
from plotpress.services.workspace_state import WorkspaceState


def _redirect(resp: falcon.Response, location: str, status: int = 303) -> None:
    resp.status = status
    resp.location = location
    resp.set_header("Cache-Control", "no-store")


def send_problem_page(
    req: falcon.Request, resp: falcon.Response, templates: Templates, problem: PageProblem
) -> None:
    """A sign-in redirect for the signed out; an HTML error page for everything else."""
    if isinstance(problem, SignInRequired):
        _redirect(resp, login_url(req.relative_uri))
        return
    templates.respond(resp, "error.html", status=problem.status, problem=problem)


class HomeResource:
    """The dashboards the viewer holds a role on."""

    def __init__(self, pages: PageService, state: WorkspaceState, templates: Templates) -> None:
        self._pages = pages
        self._state = state
        self._templates = templates

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        viewer = req.context.viewer
        if viewer is None:
            _redirect(resp, login_url("/"))
            return
        workspace = self._state.current
        self._templates.respond(
            resp,
            "home.html",
            dashboards=self._pages.visible_dashboards(workspace, viewer),
            viewer=viewer,
            version=workspace.version,
        )


class DashboardRedirect:
    """``/dashboards/<slug>`` and ``/dashboards/<slug>/index`` → ``/dashboards/<slug>/``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response, slug: str) -> None:
        target = page_url(slug, "index")
        if req.query_string:
            target += "?" + req.query_string
        _redirect(resp, target, status=301)


class PageResource:
    def __init__(self, pages: PageService, state: WorkspaceState, templates: Templates) -> None:
        self._pages = pages
        self._state = state
        self._templates = templates

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, slug: str, page: str = "index"
    ) -> None:
        if page == "index" and not req.path.endswith("/"):
            DashboardRedirect().on_get(req, resp, slug)
            return
        try:
            view = self._pages.page(self._state.current, req.context.viewer, slug, page)
        except PageProblem as problem:
            send_problem_page(req, resp, self._templates, problem)
            return
        self._templates.respond(
            resp,
            "page.html",
            view=view,
            body=Markup(view.body.html),  # noqa: S704 (the renderer escapes; see adapters/pages)
            has_h1="<h1" in view.body.html,
            page_url=page_url,
        )
