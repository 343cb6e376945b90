"""MariaDB access errors tell a viewer which object was refused, never which account."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pymysql
import pytest

from plotpress.adapters.connectors import build_connector
from plotpress.domain.workspace import Connection, Driver
from plotpress.ports.connector import Connector, DataSourceError, Statement
from tests.services import MARIADB_HOST, MARIADB_PORT, fresh_mariadb_database

PASSWORD = "Re4der-pa55"


@pytest.fixture
def restricted() -> Iterator[tuple[Connector, str]]:
    """A connector logged in as a user that may read only column ``a`` of ``allowed``."""
    with fresh_mariadb_database() as args:
        database = str(args["database"])
        user = f"pp_ro_{uuid.uuid4().hex[:8]}"
        admin = pymysql.connect(**args, autocommit=True)  # type: ignore[arg-type]
        connector: Connector | None = None
        try:
            with admin.cursor() as cursor:
                cursor.execute("CREATE TABLE allowed (a INT, secret INT)")
                cursor.execute("CREATE TABLE hidden (a INT)")
                cursor.execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{PASSWORD}'")
                cursor.execute(f"GRANT SELECT (a) ON `{database}`.allowed TO '{user}'@'%'")
            connection = Connection(
                name="shop",
                driver=Driver.MARIADB,
                allowed_users=frozenset(),
                dsn=f"mariadb://{user}:{PASSWORD}@{MARIADB_HOST}:{MARIADB_PORT}/{database}",
                timeout=5.0,
            )
            connector = build_connector(connection, workspace_root="/")
            yield connector, user
        finally:
            if connector is not None:
                connector.close()
            with admin.cursor() as cursor:
                cursor.execute(f"DROP USER IF EXISTS '{user}'@'%'")
            admin.close()


def _refusal(connector: Connector, sql: str) -> str:
    with pytest.raises(DataSourceError) as caught:
        connector.execute(Statement(sql), timeout=5, max_rows=10)
    return str(caught.value)


@pytest.mark.mariadb
@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT * FROM hidden", "access denied on table 'hidden'"),
        ("SELECT secret FROM allowed", "access denied on column 'secret' of table 'allowed'"),
        ("SELECT * FROM mysql.user", "access denied on table 'user'"),
        (
            "SET GLOBAL max_connections = 10",
            "access denied: the connection's database user lacks a privilege this needs",
        ),
    ],
)
def test_an_access_error_names_the_object_but_not_the_user_or_host(
    restricted: tuple[Connector, str], sql: str, message: str
) -> None:
    connector, user = restricted

    text = _refusal(connector, sql)

    assert text == message
    assert user not in text
    assert MARIADB_HOST not in text


@pytest.mark.mariadb
def test_looking_up_a_refused_relation_does_not_show_the_account(
    restricted: tuple[Connector, str],
) -> None:
    connector, user = restricted

    with pytest.raises(DataSourceError) as caught:
        connector.relation_columns("hidden", timeout=5)

    assert str(caught.value) == "access denied on table 'hidden'"
    assert user not in str(caught.value)
