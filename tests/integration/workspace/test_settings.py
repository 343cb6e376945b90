"""plotpress.yaml with PLOTPRESS_* overrides into Settings."""

from __future__ import annotations

from pathlib import Path

from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.domain.settings import Settings
from tests.integration.workspace.conftest import WorkspaceDir


def test_a_missing_settings_file_gives_the_defaults(tmp_path: Path) -> None:
    assert FilesystemWorkspace(tmp_path, {}).settings() == Settings()


def test_settings_are_read_with_durations_and_lower_cased_addresses(ws: WorkspaceDir) -> None:
    ws.write(
        "plotpress.yaml",
        """\
        listen: 127.0.0.1:9000
        storage: postgresql://${DB_USER}@db/plotpress
        secret_key: ${PLOTPRESS_SECRET_KEY}
        auth:
          session_ttl: 8h
          admins: [Ops@Example.com]
          oidc: {issuer: "https://id.example.com", client_id: plotpress}
          email_otp: {from: noreply@example.com, code_ttl: 5m, allowed_domains: [Example.com]}
        cache: {ttl: 0}
        audit: {retention: 90}
        """,
    )
    ws.environ = {"DB_USER": "reader"}

    settings = ws.source().settings()

    assert (settings.listen, settings.storage, settings.secret_key) == (
        "127.0.0.1:9000",
        "postgresql://reader@db/plotpress",
        None,
    )
    assert (settings.auth.session_ttl, settings.auth.admins) == (8 * 3600, {"ops@example.com"})
    assert settings.auth.oidc is not None
    assert settings.auth.oidc.scopes == ("openid", "email", "profile")
    otp = settings.auth.email_otp
    assert (otp.sender, otp.code_ttl, otp.allowed_domains) == (
        "noreply@example.com",
        300,
        ("example.com",),
    )
    assert (settings.cache.ttl, settings.audit.retention_days) == (0, 90)


def test_environment_overrides_win_over_the_file(ws: WorkspaceDir) -> None:
    ws.environ = {
        "PLOTPRESS_LISTEN": "0.0.0.0:8080",
        "PLOTPRESS_SMTP": "smtp://mail:25",
        "PLOTPRESS_ADMINS": "a@example.com, b@example.com",
        "PLOTPRESS_CACHE_TTL": "2m",
        "PLOTPRESS_SECRET_KEY": "k" * 32,
    }

    settings = ws.source().settings()

    assert (settings.listen, settings.auth.email_otp.smtp, settings.cache.ttl) == (
        "0.0.0.0:8080",
        "smtp://mail:25",
        120,
    )
    assert settings.auth.admins == {"a@example.com", "b@example.com"}
    assert settings.secret_key == "k" * 32


def test_a_bad_environment_override_is_reported_against_the_environment(ws: WorkspaceDir) -> None:
    ws.environ = {"PLOTPRESS_CACHE_TTL": "soon"}

    assert ws.settings_messages() == [
        "<environment>: PLOTPRESS_CACHE_TTL: "
        "expected a duration like '30s', '10m', '1h' or '1h30m', got 'soon'"
    ]


def test_console_codes_are_refused_off_loopback(ws: WorkspaceDir) -> None:
    ws.write("plotpress.yaml", "listen: 0.0.0.0:8080\n")

    assert ws.settings_messages() == [
        "plotpress.yaml:1: auth.email_otp.smtp: required when listen is not a loopback address "
        "(without smtp, codes are printed to the console, which only suits a local demo); "
        "or set enabled: false"
    ]


def test_settings_problems_are_located_and_never_echo_expanded_values(ws: WorkspaceDir) -> None:
    ws.write(
        "plotpress.yaml",
        "storage: ${DATABASE_URL}\nauth:\n  sesion_ttl: 1h\n  oidc: {client_secret: x}\n",
    )
    ws.environ = {}

    assert ws.settings_messages() == [
        "plotpress.yaml:1: storage: environment variable 'DATABASE_URL' is not set",
        "plotpress.yaml:3: auth.sesion_ttl: unknown key (did you mean 'session_ttl'?)",
        "plotpress.yaml:4: auth.oidc.issuer: required key is missing",
        "plotpress.yaml:4: auth.oidc.client_id: required key is missing",
    ]
