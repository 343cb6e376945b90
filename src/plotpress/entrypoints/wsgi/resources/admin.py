"""``/admin/*``: only for addresses listed in ``auth.admins``."""

from __future__ import annotations

from collections.abc import Callable

import falcon

from plotpress.entrypoints.audit_format import event_to_json, events_to_csv
from plotpress.entrypoints.wsgi.audit_filters import audit_filter, audit_limit
from plotpress.entrypoints.wsgi.problems import BadRequestBody
from plotpress.entrypoints.wsgi.resources.me import require_viewer
from plotpress.ports.store import BadCursor, MetadataStore
from plotpress.services.auth.sessions import SessionService
from plotpress.services.reload import Reloader


def require_admin(req: falcon.Request) -> None:
    if not require_viewer(req).is_admin:
        raise falcon.HTTPForbidden(
            title="Not an administrator", description="This needs an address in auth.admins."
        )


class RefreshUsersResource:
    def __init__(self, sessions: SessionService) -> None:
        self._sessions = sessions

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        require_admin(req)
        email = req.get_param("email") or None
        resp.media = {"sessions_refreshed": self._sessions.refresh(email)}


class ReloadResource:
    def __init__(
        self, reloader: Reloader, after_reload: Callable[[], object] | None = None
    ) -> None:
        self._reloader = reloader
        self._after_reload = after_reload

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        require_admin(req)
        result = self._reloader.reload()
        if result.ok and self._after_reload is not None:
            self._after_reload()
        resp.status = falcon.HTTP_200 if result.ok else falcon.HTTP_422
        resp.media = {"ok": result.ok, "version": result.version, "problems": list(result.problems)}


class AuditResource:
    def __init__(self, store: MetadataStore) -> None:
        self._store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        require_admin(req)
        flt, limit = audit_filter(req), audit_limit(req)
        fmt = req.get_param("format") or "json"
        if fmt not in ("json", "csv"):
            raise BadRequestBody("'format' must be json or csv", key="format")
        try:
            with self._store.unit_of_work() as uow:
                page = uow.audit.query(flt, limit, req.get_param("cursor") or None)
        except BadCursor:
            raise BadRequestBody("'cursor' is not one this server issued", key="cursor") from None
        if fmt == "csv":
            resp.content_type = "text/csv; charset=utf-8"
            resp.set_header("Content-Disposition", 'attachment; filename="audit.csv"')
            if page.next_cursor:
                resp.set_header("X-Next-Cursor", page.next_cursor)
            resp.text = events_to_csv(page.events)
            return
        resp.media = {
            "events": [event_to_json(e) for e in page.events],
            "next_cursor": page.next_cursor,
        }
