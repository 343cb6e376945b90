"""Reloading the workspace: the new snapshot replaces the old only if it validates."""

from __future__ import annotations

import logging

import attrs

from plotpress.ports.workspace_source import WorkspaceInvalid, WorkspaceSource
from plotpress.services.auth.sessions import SessionService
from plotpress.services.workspace_state import WorkspaceState

log = logging.getLogger(__name__)


@attrs.frozen
class ReloadResult:
    ok: bool
    version: str
    problems: tuple[str, ...] = ()


def reload_workspace(source: WorkspaceSource, state: WorkspaceState) -> ReloadResult:
    """Load the workspace again; on any problem keep serving the current snapshot."""
    try:
        workspace = source.load()
    except WorkspaceInvalid as exc:
        problems = tuple(str(p) for p in exc.problems)
        log.error(
            "workspace reload refused; still serving %s: %s",
            state.current.version,
            "; ".join(problems),
        )
        return ReloadResult(False, state.current.version, problems)
    previous = state.replace(workspace)
    if previous.version != workspace.version:
        log.info("workspace reloaded: %s -> %s", previous.version, workspace.version)
    return ReloadResult(True, workspace.version)


class Reloader:
    """Reload, and on success make every session re-resolve its roles (users.yaml may
    have changed); what ``POST /admin/reload`` and ``serve --reload`` both call."""

    def __init__(
        self, source: WorkspaceSource, state: WorkspaceState, sessions: SessionService
    ) -> None:
        self._source = source
        self._state = state
        self._sessions = sessions

    def reload(self) -> ReloadResult:
        result = reload_workspace(self._source, self._state)
        if result.ok:
            self._sessions.refresh(None)
        return result
