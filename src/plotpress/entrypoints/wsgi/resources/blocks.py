"""``GET /dashboards/<slug>/<page>/blocks/<n>.js``: a block's code as an ES module.

Checked like the page itself. The URL carries the workspace version, so when it matches
the version in force the module may be cached privately for a day.
"""

from __future__ import annotations

import json

import falcon

from plotpress.entrypoints.wsgi.problems import PROBLEM_JSON
from plotpress.services.pages import PageProblem, PageService
from plotpress.services.workspace_state import WorkspaceState

JS = "text/javascript; charset=utf-8"


class BlockModuleResource:
    def __init__(self, pages: PageService, state: WorkspaceState) -> None:
        self._pages = pages
        self._state = state

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, slug: str, page: str, n: str
    ) -> None:
        workspace = self._state.current
        if not n.isdigit() or len(n) > 6:
            raise falcon.HTTPNotFound(description="no such block")
        try:
            code = self._pages.block_module(workspace, req.context.viewer, slug, page, int(n))
        except PageProblem as problem:
            resp.status = problem.status
            resp.content_type = PROBLEM_JSON
            resp.text = json.dumps(
                {
                    "type": f"urn:plotpress:problem:http-{problem.status}",
                    "title": problem.title,
                    "status": problem.status,
                    "detail": problem.detail,
                }
            )
            resp.set_header("Cache-Control", "no-store")
            return
        resp.content_type = JS
        resp.text = code
        resp.set_header("X-Content-Type-Options", "nosniff")
        current = bool(workspace.version) and req.get_param("v") == workspace.version
        resp.set_header("Cache-Control", "private, max-age=86400" if current else "no-cache")
