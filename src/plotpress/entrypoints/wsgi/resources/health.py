"""``/healthz`` (alive) and ``/readyz`` (workspace loaded, metadata store reachable)."""

from __future__ import annotations

import falcon

from plotpress.ports.store import MetadataStore, StoreError
from plotpress.services.workspace_state import WorkspaceState


class HealthResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok"}


class ReadyResource:
    def __init__(self, store: MetadataStore, state: WorkspaceState) -> None:
        self._store = store
        self._state = state

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        checks = {"workspace": "ok", "metadata_store": "ok"}
        try:
            self._store.ping()
        except StoreError:
            checks["metadata_store"] = "unreachable"
        ready = all(value == "ok" for value in checks.values())
        resp.status = falcon.HTTP_200 if ready else falcon.HTTP_503
        resp.media = {
            "status": "ready" if ready else "not ready",
            "checks": checks,
            "workspace_version": self._state.current.version,
        }
