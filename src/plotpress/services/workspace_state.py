"""The workspace snapshot in force, replaced atomically on reload.

A request reads ``current`` once at its start and keeps that snapshot to the end, so
in-flight requests finish on the workspace they started with.
"""

from __future__ import annotations

import threading

from plotpress.domain.workspace import Workspace


class WorkspaceState:
    def __init__(self, initial: Workspace) -> None:
        self._current = initial
        self._lock = threading.Lock()

    @property
    def current(self) -> Workspace:
        return self._current

    def replace(self, workspace: Workspace) -> Workspace:
        """Install ``workspace``; returns the snapshot it replaced."""
        with self._lock:
            previous, self._current = self._current, workspace
        return previous
