"""What the ``plotpress serve`` master hands its gunicorn workers, and SIGHUP reloads.

The master loads and validates the settings and the workspace before forking; workers
start from that snapshot (inherited by fork) instead of reading the files again. On
SIGHUP gunicorn calls ``on_reload`` in the master before it replaces the workers: both
are loaded again and replace the snapshot only if both validate, so new workers get
either the new configuration or the last good one, and a broken edit never stops the
server. Old workers finish the requests they hold (gunicorn's graceful replacement).
"""

from __future__ import annotations

import logging
import os
import signal

import attrs

from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.domain.settings import Settings
from plotpress.domain.workspace import Workspace
from plotpress.ports.workspace_source import WorkspaceInvalid

log = logging.getLogger(__name__)

MASTER_PID = "PLOTPRESS_MASTER_PID"


@attrs.frozen
class Snapshot:
    source: FilesystemWorkspace
    settings: Settings
    workspace: Workspace


class _Held:
    """One per process: set in the master before the fork and on SIGHUP."""

    snapshot: Snapshot | None = None


_HELD = _Held()


def adopt(source: FilesystemWorkspace, settings: Settings, workspace: Workspace) -> None:
    """Called in the master: remember the validated configuration for the workers."""
    _HELD.snapshot = Snapshot(source, settings, workspace)
    os.environ[MASTER_PID] = str(os.getpid())


def inherited() -> Snapshot | None:
    """In a worker forked by the master: what it validated; else None."""
    return _HELD.snapshot


def on_reload(arbiter: object) -> None:
    """gunicorn's on_reload hook (SIGHUP), run in the master before new workers start.

    Nothing may escape: an exception here would end gunicorn's main loop.
    """
    current = _HELD.snapshot
    if current is None:
        return
    try:
        settings = current.source.settings()
        workspace = current.source.load()
    except WorkspaceInvalid as exc:
        problems = "; ".join(str(p) for p in exc.problems)
        log.error(
            "SIGHUP: workspace refused, workers restart on %s: %s",
            current.workspace.version,
            problems,
        )
        return
    except Exception:
        log.exception("SIGHUP: reload failed, workers restart on %s", current.workspace.version)
        return
    adopt(current.source, settings, workspace)
    log.info("SIGHUP: workers restart on workspace %s", workspace.version)


def ask_master_to_reload() -> bool:
    """From a worker: have the master reload and replace every worker (True if sent)."""
    pid = os.environ.get(MASTER_PID)
    if not pid or not pid.isdigit() or int(pid) != os.getppid():
        return False
    os.kill(int(pid), signal.SIGHUP)
    return True
