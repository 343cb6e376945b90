"""``plotpress serve``: gunicorn in front of ``app_from_env``.

Worker model: ``gthread`` workers (threads, not processes per request) because the work
is I/O-bound: a request mostly waits on a data source or the metadata store. The worker
timeout is set above the slowest connection ``timeout`` in the workspace, so a query is
always cancelled by its own timeout (answering 504) before gunicorn would kill the worker.
Nothing touches a database before the fork: each worker builds its app after it starts.
"""

from __future__ import annotations

import argparse
import atexit
import logging
import math
import os
import re
import shutil
import tempfile
from typing import Any

from gunicorn.app.base import BaseApplication

from plotpress.entrypoints import logging_setup, supervisor
from plotpress.entrypoints.runtime import Runtime, StartupError, choose_mailer
from plotpress.ports.workspace_source import WorkspaceInvalid

log = logging.getLogger(__name__)

THREADS_PER_WORKER = 8
METRIC_FILE = re.compile(r"(counter|gauge_\w+|histogram|summary)_\d+\.db")
WORKER_TIMEOUT_MARGIN = 30.0
MIN_WORKER_TIMEOUT = 60.0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", nargs="?", default=None, help="workspace directory")
    parser.add_argument("--listen", help="HOST:PORT to listen on (default: from plotpress.yaml)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default 2)")
    parser.add_argument(
        "--reload", action="store_true", help="reload pages and config when workspace files change"
    )


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from plotpress.entrypoints.wsgi.factory import app_from_env  # noqa: PLC0415

        return app_from_env()


def prepare_metrics_dir() -> str:
    """An empty ``PROMETHEUS_MULTIPROC_DIR`` for the workers' shared metric files.

    Set before any worker imports prometheus-client (it reads the variable at import);
    emptied at start so counters of a previous run are not added to this one's.
    """
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            # Only prometheus-client's own files: the variable might name a shared folder.
            if METRIC_FILE.fullmatch(name):
                os.remove(os.path.join(folder, name))
    else:
        folder = tempfile.mkdtemp(prefix="plotpress-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        atexit.register(_remove_in, os.getpid(), folder)
    return folder


def _remove_in(pid: int, folder: str) -> None:
    # Forked workers inherit this exit hook; only the master that made the folder may
    # remove it, or a worker leaving on SIGHUP would pull it from under the others.
    if os.getpid() == pid:
        shutil.rmtree(folder, ignore_errors=True)


def _worker_exited(server: object, worker: Any) -> None:
    from prometheus_client import multiprocess  # noqa: PLC0415 - after the variable is set

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def run(args: argparse.Namespace) -> int:
    if args.workspace:
        os.environ["PLOTPRESS_WORKSPACE"] = os.path.abspath(args.workspace)
    if args.listen:
        os.environ["PLOTPRESS_LISTEN"] = args.listen
    if args.reload:
        os.environ["PLOTPRESS_RELOAD"] = "1"
    logging_setup.configure()
    prepare_metrics_dir()
    # Check everything that can be checked without a database, in the master, so a
    # mistake is one clear message instead of every worker failing to boot.
    try:
        runtime = Runtime.from_env()
        choose_mailer(runtime.settings)
        workspace = runtime.source.load()
    except WorkspaceInvalid as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    except StartupError as exc:
        print(f"cannot start: {exc}")
        return 1
    supervisor.adopt(runtime.source, runtime.settings, workspace)
    settings = runtime.settings
    slowest = max((c.timeout for d in workspace for c in d.connections.values()), default=30.0)
    options = {
        "bind": settings.listen,
        "workers": args.workers or 2,
        "worker_class": "gthread",
        "threads": THREADS_PER_WORKER,
        "timeout": math.ceil(max(MIN_WORKER_TIMEOUT, slowest + WORKER_TIMEOUT_MARGIN)),
        "graceful_timeout": 30,
        "preload_app": False,
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "plotpress",
        "on_reload": supervisor.on_reload,
        "child_exit": _worker_exited,
    }
    host = settings.listen_host or "0.0.0.0"  # noqa: S104 - only used to print the URL
    print(f"PlotPress serving {runtime.workspace_root} on http://{host}:{settings.listen_port}/")
    if not settings.auth.email_otp.smtp and settings.auth.email_otp.enabled:
        print("Sign in with an address from a dashboard's users.yaml; codes appear here.")
    _Gunicorn(options).run()
    return 0
