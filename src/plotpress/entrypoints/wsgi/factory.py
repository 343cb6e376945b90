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
from plotpress.entrypoints.wsgi.periodic import Periodic
from plotpress.services.maintenance import purge
from plotpress.services.workspace_state import WorkspaceState

log = logging.getLogger(__name__)

HOUSEKEEPING_INTERVAL = 3600.0  # expired sessions, codes, cache entries; audit retention


def app_from_env(environ: Mapping[str, str] | None = None) -> App:
    """Build the production app from ``PLOTPRESS_*`` variables and the workspace.

    Migrates the metadata store (idempotent; safe from several workers at once) and
    refuses to start on an invalid workspace: there is no last good one yet.
    """
    env = dict(os.environ if environ is None else environ)
    runtime = Runtime.from_env(environ=env)
    settings = runtime.settings
    mailer = choose_mailer(settings)
    workspace = supervisor.inherited_workspace() or runtime.source.load()
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
    watch = env.get("PLOTPRESS_RELOAD") == "1"
    return create_app(
        settings,
        state=WorkspaceState(workspace),
        ports=ports,
        secret=runtime.secret(),
        fingerprint=partial(fingerprint, runtime.workspace_root) if watch else None,
        after_reload=supervisor.ask_master_to_reload,
    )
