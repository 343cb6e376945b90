"""``GET /api/me``: who is signed in and which dashboards they hold roles on."""

from __future__ import annotations

import falcon

from plotpress.entrypoints.wsgi.session_auth import SessionViewer
from plotpress.services.workspace_state import WorkspaceState


def require_viewer(req: falcon.Request) -> SessionViewer:
    viewer = req.context.viewer
    if viewer is None:
        raise falcon.HTTPUnauthorized(title="Not signed in", description="Sign in first.")
    return viewer  # type: ignore[no-any-return]


class MeResource:
    def __init__(self, state: WorkspaceState) -> None:
        self._state = state

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        viewer = require_viewer(req)
        dashboards = list(self._state.current)
        roles = viewer.roles_by_dashboard(dashboards)
        resp.media = {
            "email": viewer.email,
            "admin": viewer.is_admin,
            "dashboards": [
                {"slug": d.slug, "title": d.title, "roles": sorted(roles[d.slug])}
                for d in dashboards
                if roles[d.slug]
            ],
        }
