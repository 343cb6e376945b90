"""PostgreSQL and MariaDB: cancellation on the server, pooling, sessions and secrets."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import attrs
import psycopg
import pymysql
import pytest

import plotpress
from plotpress.domain.workspace import PoolSettings
from plotpress.ports.connector import DataSourceError, QueryTimeout
from tests.integration.connectors.engines import Engine, names, statement
from tests.integration.connectors.polling import eventually
from tests.services import MARIADB_HOST, MARIADB_PORT, MARIADB_USER, pg_dsn


def _pg_count(engine: Engine, where: str) -> int:
    dbname = engine.dsn.rsplit("/", 1)[1] if engine.dsn else ""
    with psycopg.connect(pg_dsn("postgres"), autocommit=True) as admin:
        row = admin.execute(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND {where}", (dbname,)
        ).fetchone()
    return int(row[0]) if row else 0


def _maria_count(where: str) -> int:
    admin = pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, password="")
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM information_schema.processlist "
                f"WHERE id <> connection_id() AND {where}"
            )
            row = cursor.fetchone()
    finally:
        admin.close()
    return int(row[0]) if row else 0


def _pg_running(engine: Engine) -> Callable[[], int]:
    # A server-side cursor shows as FETCH, not as the SQL: count every active statement.
    return lambda: _pg_count(engine, "state = 'active' AND pid <> pg_backend_pid()")


def _pg_sessions(engine: Engine, application_name: str) -> Callable[[], int]:
    return lambda: _pg_count(engine, f"application_name = '{application_name}'")


def _maria_sleeping(engine: Engine) -> Callable[[], int]:
    db = (engine.dsn or "").rsplit("/", 1)[1]
    return lambda: _maria_count(f"db = '{db}' AND info LIKE '%SLEEP%'")


@pytest.mark.postgres
def test_postgres_timeout_leaves_no_query_running_on_the_server(pg: Engine):
    conn = pg.connector()
    with pytest.raises(QueryTimeout):
        conn.execute(statement(conn, "SELECT pg_sleep(30)"), timeout=1.0, max_rows=1)
    assert eventually(lambda: _pg_running(pg)() == 0, within=3.0)


@pytest.mark.mariadb
def test_mariadb_timeout_leaves_no_query_running_on_the_server(maria: Engine):
    conn = maria.connector()
    with pytest.raises(QueryTimeout):
        conn.execute(statement(conn, "SELECT SLEEP(30)"), timeout=1.0, max_rows=1)
    assert eventually(lambda: _maria_sleeping(maria)() == 0, within=3.0)


@pytest.mark.postgres
def test_postgres_sessions_name_plotpress_and_its_version(pg: Engine):
    conn = pg.connector()
    result = conn.execute(
        statement(conn, "SELECT current_setting('application_name') AS a"), timeout=5, max_rows=1
    )
    assert result.rows == ((f"plotpress/{plotpress.__version__}",),)


@pytest.mark.postgres
def test_postgres_transactions_are_read_only_even_for_functions_that_write(pg: Engine):
    pg.admin("CREATE SEQUENCE IF NOT EXISTS counter")
    conn = pg.connector()
    with pytest.raises(DataSourceError, match="read-only"):
        conn.execute(statement(conn, "SELECT nextval('counter')"), timeout=5, max_rows=1)


@pytest.mark.postgres
def test_postgres_refuses_several_statements_in_one_string(pg: Engine):
    conn = pg.connector()
    sql = "SELECT 1; COMMIT; DROP TABLE sales"
    with pytest.raises(DataSourceError):
        conn.execute(statement(conn, sql), timeout=5, max_rows=1)
    assert names(conn.relation_columns("sales", 5)) == ("id", "region", "amount", "day")


@pytest.mark.mariadb
def test_mariadb_refuses_several_statements_in_one_string(maria: Engine):
    conn = maria.connector()
    with pytest.raises(DataSourceError):
        conn.execute(statement(conn, "SELECT 1; DROP TABLE sales"), timeout=5, max_rows=1)
    assert names(conn.relation_columns("sales", 5)) == ("id", "region", "amount", "day")


def _three_slow_queries(engine: Engine, sleep_sql: str, count: Callable[[], int]) -> int:
    """Run three slow queries on a pool of two; return the most server sessions seen."""
    conn = engine.connector(pool=PoolSettings(max_open=2, max_idle=2))
    peak = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, count())

    with ThreadPoolExecutor(4) as pool:
        watcher = pool.submit(watch)
        futures = [
            pool.submit(conn.execute, statement(conn, sleep_sql), timeout=2.5, max_rows=1)
            for _ in range(3)
        ]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result())
            except QueryTimeout as exc:
                outcomes.append(exc)
        stop.set()
        watcher.result()
    # Two ran (about 0.8 s each, back to back at most), the third waited for a free one.
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    return peak


@pytest.mark.postgres
def test_postgres_pool_max_open_bounds_the_server_sessions(pg: Engine):
    # Its own application_name (a DSN setting wins) tells this pool's sessions apart.
    isolated = Engine(**{**attrs.asdict(pg, recurse=False), "built": []})
    isolated.dsn = f"{pg.dsn}?application_name=pp_pool_probe"
    try:
        peak = _three_slow_queries(
            isolated, "SELECT pg_sleep(0.8)", _pg_sessions(pg, "pp_pool_probe")
        )
    finally:
        isolated.close()
    assert 1 <= peak <= 2


@pytest.mark.mariadb
def test_mariadb_pool_max_open_bounds_the_server_sessions(maria: Engine):
    peak = _three_slow_queries(maria, "SELECT SLEEP(0.8)", _maria_sleeping(maria))
    assert 1 <= peak <= 2


@pytest.mark.postgres
def test_postgres_connection_errors_reveal_neither_password_nor_dsn(pg: Engine):
    dsn = "postgresql://no_such_role:S3cr3t-pa55@127.0.0.1:5432/no_such_db"
    conn = pg.connector(dsn=dsn)
    with pytest.raises(DataSourceError) as caught:
        conn.execute(statement(conn, "SELECT 1"), timeout=5, max_rows=1)
    text = str(caught.value)
    assert "S3cr3t-pa55" not in text
    assert dsn not in text
    assert "127.0.0.1" not in text
    assert "could not connect" in text


@pytest.mark.mariadb
def test_mariadb_wrong_password_error_reveals_neither_password_nor_dsn(maria: Engine):
    dsn = f"mysql://root:Wr0ng-pa55@{MARIADB_HOST}:{MARIADB_PORT}/mysql"
    conn = maria.connector(dsn=dsn)
    with pytest.raises(DataSourceError) as caught:
        conn.execute(statement(conn, "SELECT 1"), timeout=5, max_rows=1)
    text = str(caught.value)
    assert "Wr0ng-pa55" not in text
    assert dsn not in text
    assert "authentication failed" in text


@pytest.mark.mariadb
def test_mariadb_timestamps_are_utc_instants_and_bit_columns_integers(maria: Engine):
    conn = maria.connector()
    sql = "SELECT CAST('2024-02-29 10:00:00' AS DATETIME) AS dt, b'101' AS bits"
    result = conn.execute(statement(conn, sql), timeout=5, max_rows=1)
    assert result.rows[0][0] == "2024-02-29T10:00:00"
    maria.admin("CREATE TABLE IF NOT EXISTS stamps (at TIMESTAMP NULL, flags BIT(3));\n")
    maria.admin("DELETE FROM stamps;\nINSERT INTO stamps VALUES ('2024-02-29 10:00:00', b'101');\n")
    stamps = conn.execute(statement(conn, "SELECT at, flags FROM stamps"), timeout=5, max_rows=1)
    assert [c.type for c in stamps.columns] == ["timestamp", "integer"]
    assert stamps.rows[0][1] == 5
    assert str(stamps.rows[0][0]).startswith("2024-02-29T")
    assert str(stamps.rows[0][0]).endswith("+00:00")
