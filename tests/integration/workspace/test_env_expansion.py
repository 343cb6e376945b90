"""Where ``${VAR}`` is expanded, and that no message ever carries an expanded value."""

from __future__ import annotations

from tests.integration.workspace.conftest import SECRET_DSN, WorkspaceDir

SECRETS = {"SECRET": "sk_live_51Hx", "PGPASS": "hunter2", "TMO": "45s", "WAREHOUSE_DSN": SECRET_DSN}
ONLY_IN_CONNECTIONS = "is only expanded in dsn and path (write '$${' for a literal '${')"
ONLY_IN_SETTINGS = (
    "is only expanded in storage, secret_key, auth.oidc.client_secret and "
    "auth.email_otp.smtp (write '$${' for a literal '${')"
)


def _assert_no_secret(messages: list[str]) -> None:
    text = "\n".join(messages)
    for value in SECRETS.values():
        assert value not in text


def test_a_reference_outside_dsn_and_path_is_one_problem_naming_the_reference(
    ws: WorkspaceDir,
) -> None:
    ws.environ = dict(SECRETS)
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: ${SECRET}
          dsn: ${WAREHOUSE_DSN}
          allowed_users: ["${PGPASS}", viewers]
          timeout: ${TMO}
          pool: {max_lifetime: "${SECRET}"}
        """,
    )

    messages = ws.messages()

    assert messages == [
        "dashboards/sales/connections.yaml:2: warehouse.driver: "
        f"'${{SECRET}}' {ONLY_IN_CONNECTIONS}",
        "dashboards/sales/connections.yaml:4: warehouse.allowed_users.0: "
        f"'${{PGPASS}}' {ONLY_IN_CONNECTIONS}",
        f"dashboards/sales/connections.yaml:5: warehouse.timeout: '${{TMO}}' {ONLY_IN_CONNECTIONS}",
        "dashboards/sales/connections.yaml:6: warehouse.pool.max_lifetime: "
        f"'${{SECRET}}' {ONLY_IN_CONNECTIONS}",
    ]
    _assert_no_secret(messages)


def test_dsn_and_files_path_are_expanded_and_a_double_dollar_is_literal_elsewhere(
    ws: WorkspaceDir,
) -> None:
    ws.environ = {**SECRETS, "DATA_DIR": "data/lake"}
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers]
        lake:
          driver: files
          path: ${DATA_DIR}
          pattern: "$${x}*.csv"
          allowed_users: [viewers]
        """,
    )

    connections = ws.load().dashboards["sales"].connections

    assert connections["warehouse"].dsn == SECRET_DSN
    files = connections["lake"].files
    assert files is not None
    assert (files.path, files.pattern) == ("data/lake", "${x}*.csv")


def test_a_reference_in_plotpress_yaml_outside_the_secret_keys_is_refused(
    ws: WorkspaceDir,
) -> None:
    ws.environ = dict(SECRETS)
    ws.write(
        "plotpress.yaml",
        """\
        listen: ${SECRET}
        public_url: "${PGPASS}"
        auth:
          admins: ["${SECRET}"]
          email_otp: {smtp: "${SECRET}", code_ttl: "${TMO}"}
        cache: {ttl: "${TMO}"}
        """,
    )

    messages = ws.settings_messages()

    assert messages == [
        f"plotpress.yaml:1: listen: '${{SECRET}}' {ONLY_IN_SETTINGS}",
        f"plotpress.yaml:2: public_url: '${{PGPASS}}' {ONLY_IN_SETTINGS}",
        f"plotpress.yaml:4: auth.admins.0: '${{SECRET}}' {ONLY_IN_SETTINGS}",
        f"plotpress.yaml:5: auth.email_otp.code_ttl: '${{TMO}}' {ONLY_IN_SETTINGS}",
        f"plotpress.yaml:6: cache.ttl: '${{TMO}}' {ONLY_IN_SETTINGS}",
    ]
    _assert_no_secret(messages)


def test_the_secret_keys_of_plotpress_yaml_are_expanded(ws: WorkspaceDir) -> None:
    ws.environ = {
        "DATABASE_URL": "postgresql://app:pw@db/plotpress",
        "KEY": "k" * 32,
        "OIDC_SECRET": "oidc-pw",
        "SMTP_URL": "smtp://mail:25",
    }
    ws.write(
        "plotpress.yaml",
        """\
        storage: ${DATABASE_URL}
        secret_key: ${KEY}
        auth:
          oidc: {issuer: "https://id.example.com", client_id: pp, client_secret: "${OIDC_SECRET}"}
          email_otp: {smtp: "${SMTP_URL}"}
        """,
    )

    settings = ws.source().settings()

    assert settings.storage == "postgresql://app:pw@db/plotpress"
    assert settings.secret_key == "k" * 32
    assert settings.auth.oidc is not None
    assert settings.auth.oidc.client_secret == "oidc-pw"
    assert settings.auth.email_otp.smtp == "smtp://mail:25"
