"""``app_from_env``: the WSGI app as gunicorn builds it, once per worker, after the fork."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from functools import partial

from plotpress.adapters.sqlite import log_sqlite_runtime_warnings
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.adapters.workspace.fingerprint import fingerprint
from plotpress.entrypoints import supervisor
from plotpress.entrypoints.runtime import Runtime, choose_mailer
from plotpress.entrypoints.wsgi.app import App, Ports, create_app
from plotpress.entrypoints.wsgi.deferred import DeferredApp
from plotpress.entrypoints.wsgi.periodic import Periodic
from plotpress.services.maintenance import purge
from plotpress.services.workspace_state import WorkspaceState

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL = 3600.0  # expired sessions, codes, cache entries; audit retention


def app_from_env(environ: Mapping[str, str] | None = None) -> DeferredApp:
    """The production app, built from ``PLOTPRESS_*`` variables and the workspace.

    Never raises: a build that fails (metadata store down, workspace broken on disk
    when nothing was inherited) is retried while the worker answers 503.
    """
    env = dict(os.environ if environ is None else environ)
    return DeferredApp(partial(build_app, env))


def build_app(env: Mapping[str, str]) -> App:
    """Build the app; under ``plotpress serve`` from the settings and workspace the
    master validated (and revalidates on SIGHUP), else from the files."""
    watch = env.get("PLOTPRESS_RELOAD") == "1"
    inherited = None if watch else supervisor.inherited()
    if inherited is not None:
        runtime = Runtime.for_settings(inherited.source, inherited.settings)
        workspace = inherited.workspace
    else:
        runtime = Runtime.from_env(environ=env)
        workspace = runtime.source.load()
    settings = runtime.settings
    mailer = choose_mailer(settings)
    runtime.store.migrate()
    if settings.storage.startswith("sqlite:"):
        log_sqlite_runtime_warnings()
    clock = SystemClock()
    ports = Ports(
        store=runtime.store,
        connectors=runtime.connectors(),
        clock=clock,
        tokens=SecretsTokenFactory(),
        mailer=mailer,
        source=runtime.source,
        identity_provider=runtime.identity_provider(clock),
    )
    log.info("serving workspace %s (%s)", runtime.workspace_root, workspace.version)
    Periodic(
        "metadata-housekeeping",
        HOUSEKEEPING_INTERVAL,
        partial(purge, runtime.store, clock, retention_days=settings.audit.retention_days),
    ).start()
    return create_app(
        settings,
        state=WorkspaceState(workspace),
        ports=ports,
        secret=runtime.secret(),
        fingerprint=partial(fingerprint, runtime.workspace_root) if watch else None,
        after_reload=supervisor.ask_master_to_reload,
    )
