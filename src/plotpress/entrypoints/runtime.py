"""The production composition: settings, workspace, metadata store and adapters wired once.

Shared by the WSGI factory and the CLI commands. Building a Runtime reads files and the
environment but opens no database connection: stores connect lazily on first use, so a
gunicorn master can build nothing and each worker builds its own after the fork.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import attrs

from plotpress.adapters.connector_registry import ConnectorRegistry
from plotpress.adapters.connectors import build_connector
from plotpress.adapters.console_mailer import ConsoleMailer
from plotpress.adapters.oidc.provider import OidcProvider
from plotpress.adapters.smtp import SmtpMailer
from plotpress.adapters.store_factory import open_store, sqlite_path
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.domain.settings import Settings
from plotpress.ports.mailer import Mailer
from plotpress.ports.store import MetadataStore

log = logging.getLogger(__name__)

SECRET_KEY_NAME = "secret_key"  # noqa: S105 - the name of the stored key, not a key


class StartupError(Exception):
    """The configuration cannot run; the message says what to change."""


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def choose_mailer(settings: Settings) -> Mailer:
    """SMTP when configured; else the console, which only a loopback server may use."""
    otp = settings.auth.email_otp
    if otp.smtp:
        try:
            return SmtpMailer.from_url(otp.smtp, sender=otp.sender)
        except ValueError as exc:
            raise StartupError(f"plotpress.yaml: auth.email_otp.smtp: {exc}") from None
    if otp.enabled and not is_loopback(settings.listen_host):
        raise StartupError(
            f"plotpress.yaml: auth.email_otp.smtp: e-mail sign-in on {settings.listen} needs "
            "an SMTP server; without one, codes go to the console, which is only allowed "
            "on a loopback address (127.0.0.1, ::1, localhost). Set auth.email_otp.smtp, "
            "disable email_otp, or listen on loopback."
        )
    # Plain text on stderr, not a JSON log line: a person reads the code off the console.
    return ConsoleMailer(stream=sys.stderr)


@attrs.define
class Runtime:
    workspace_root: Path
    settings: Settings
    source: FilesystemWorkspace
    store: MetadataStore

    @classmethod
    def from_env(
        cls,
        workspace: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Runtime:
        """Settings and store from the workspace's plotpress.yaml and PLOTPRESS_* variables.

        Raises WorkspaceInvalid for a bad plotpress.yaml and StartupError for settings
        that cannot run.
        """
        env = dict(os.environ if environ is None else environ)
        # Absolute but not resolved: git-sync swaps a 'current' symlink to each new
        # checkout, and every reload must follow the link again.
        root = Path(workspace or env.get("PLOTPRESS_WORKSPACE", ".")).absolute()
        source = FilesystemWorkspace(root, env)
        return cls.for_settings(source, source.settings())

    @classmethod
    def for_settings(cls, source: FilesystemWorkspace, settings: Settings) -> Runtime:
        """The runtime for settings already loaded (and validated) elsewhere."""
        try:
            store = open_store(settings.storage, max_cache_entries=settings.cache.max_entries)
        except ValueError as exc:
            raise StartupError(f"plotpress.yaml: storage: {exc}") from None
        return cls(source.root, settings, source, store)

    def secret(self) -> str:
        """``secret_key`` from the settings, else one generated once and kept in the store."""
        if self.settings.secret_key:
            return self.settings.secret_key
        tokens = SecretsTokenFactory()
        with self.store.unit_of_work() as uow:
            return uow.kv.get_or_create(SECRET_KEY_NAME, lambda: tokens.token(32))

    def connectors(self) -> ConnectorRegistry:
        # A data source must never be PlotPress's own metadata database (it holds the
        # secret key and code hashes).
        forbidden: tuple[str, ...] = ()
        if self.settings.storage.lower().startswith("sqlite:"):
            forbidden = (str(sqlite_path(self.settings.storage).absolute()),)
        return ConnectorRegistry(self.workspace_root, build_connector, forbidden_paths=forbidden)

    def identity_provider(self, clock: SystemClock) -> OidcProvider | None:
        if self.settings.auth.oidc is None:
            return None
        return OidcProvider(self.settings.auth.oidc, clock)
