"""What the ``plotpress serve`` master hands its gunicorn workers, and SIGHUP reloads.

The master loads and validates the workspace before forking; workers start from that
snapshot (inherited by fork) instead of reading the files again. On SIGHUP gunicorn
calls ``on_reload`` in the master before it replaces the workers: the workspace is
loaded again and replaces the snapshot only if it validates, so new workers either get
the new workspace or keep the last good one, and a broken edit never stops the server.
Old workers finish the requests they hold (gunicorn's graceful replacement).
"""

from __future__ import annotations

import logging
import os
import signal

from plotpress.domain.workspace import Workspace
from plotpress.ports.workspace_source import WorkspaceSource
from plotpress.services.reload import reload_workspace
from plotpress.services.workspace_state import WorkspaceState

log = logging.getLogger(__name__)

MASTER_PID = "PLOTPRESS_MASTER_PID"

_state: WorkspaceState | None = None
_source: WorkspaceSource | None = None


def adopt(source: WorkspaceSource, workspace: Workspace) -> None:
    """Called in the master: remember the validated workspace for the workers."""
    global _state, _source  # one master per process, set once before the fork
    _state, _source = WorkspaceState(workspace), source
    os.environ[MASTER_PID] = str(os.getpid())


def inherited_workspace() -> Workspace | None:
    """In a worker forked by the master: the snapshot it validated; else None."""
    return _state.current if _state is not None else None


def on_reload(arbiter: object) -> None:
    """gunicorn's on_reload hook (SIGHUP), run in the master before new workers start."""
    if _state is None or _source is None:
        return
    result = reload_workspace(_source, _state)
    if result.ok:
        log.info("SIGHUP: workers restart on workspace %s", result.version)
    else:
        log.error("SIGHUP: workspace refused, workers restart on %s", result.version)


def ask_master_to_reload() -> bool:
    """From a worker: have the master reload and replace every worker (True if sent)."""
    pid = os.environ.get(MASTER_PID)
    if not pid or not pid.isdigit() or int(pid) != os.getppid():
        return False
    os.kill(int(pid), signal.SIGHUP)
    return True
