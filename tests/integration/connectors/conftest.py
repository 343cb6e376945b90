"""Engines for the connector tests: each built once per session over a fresh database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pymysql
import pytest

from plotpress.domain.workspace import Driver, FilesOptions, ViewDef
from tests.integration.connectors.engines import (
    HOSTILE_COLUMN,
    HOSTILE_TABLE,
    SALES_CSV,
    UNICODE,
    Engine,
    duckdb_admin,
    sales_sql,
    sqlite_admin,
)
from tests.services import fresh_mariadb_database, fresh_pg_database

ENGINES = ["sqlite", "duckdb", "files", "postgres", "mariadb"]


def _dq(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bq(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


HOSTILE_DQ = f"CREATE TABLE {_dq(HOSTILE_TABLE)} ({_dq(HOSTILE_COLUMN)} INTEGER, plain INTEGER);"
VALUES_DUCK = (
    "SELECT NULL::INTEGER AS n, DATE '2024-02-29' AS d, "
    "TIMESTAMPTZ '2024-02-29 12:00:00+02' AS ts, 4611686018427387905::BIGINT AS big, "
    f"9007199254740991::BIGINT AS safe, 12.50::DECIMAL(10,2) AS num, '{UNICODE}' AS u"
)
DUCK_SLOW = "SELECT count(*) FROM range(10000000000000) AS t(x) WHERE x % 7 = 3"
TS_UTC = "2024-02-29T10:00:00+00:00"


def _sqlite(root: Path) -> Engine:
    (root / "data").mkdir()
    path = str(root / "data" / "shop.db")
    admin = sqlite_admin(path)
    admin(
        sales_sql()
        + "CREATE TABLE typed (i INTEGER, f REAL, s TEXT, b INTEGER, d TEXT, ts TEXT);"
        + f"INSERT INTO typed VALUES (42, 2.5, '{UNICODE}', 1, '2024-02-29', "
        + "'2024-02-29 10:00:00');"
        + HOSTILE_DQ
    )
    return Engine(
        name="sqlite",
        driver=Driver.SQLITE,
        dsn="sqlite:///data/shop.db",
        workspace_root=str(root),
        admin=admin,
        values_sql=(
            "SELECT NULL AS n, '2024-02-29' AS d, '2024-02-29 10:00:00' AS ts, "
            "4611686018427387905 AS big, 9007199254740991 AS safe, 12.5 AS num, "
            f"'{UNICODE}' AS u"
        ),
        ts_cell="2024-02-29 10:00:00",
        slow_sql=(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        ),
    )


def _duckdb(root: Path) -> Engine:
    path = str(root / "shop.duckdb")
    admin = duckdb_admin(path)
    admin(
        sales_sql()
        + "CREATE TABLE typed (i BIGINT, f DOUBLE, s VARCHAR, b BOOLEAN, d DATE, "
        + "ts TIMESTAMPTZ);"
        + f"INSERT INTO typed VALUES (42, 2.5, '{UNICODE}', true, '2024-02-29', "
        + "'2024-02-29 10:00:00+00');"
        + HOSTILE_DQ
    )
    return Engine(
        name="duckdb",
        driver=Driver.DUCKDB,
        dsn=path,
        admin=admin,
        values_sql=VALUES_DUCK,
        ts_cell=TS_UTC,
        slow_sql=DUCK_SLOW,
    )


def _files(root: Path) -> Engine:
    folder = root / "files"
    folder.mkdir()
    (folder / "sales.csv").write_text(SALES_CSV)
    (folder / "typed_raw.csv").write_text(
        f"i,f,s,b,d,ts\n42,2.5,{UNICODE},true,2024-02-29,2024-02-29 10:00:00+00\n"
    )

    def refuse(_: str) -> None:
        raise AssertionError("a files connection has no database to set up")

    views = {
        "sales_eu": ViewDef("sales_eu", "SELECT * FROM sales WHERE region LIKE 'eu-%'"),
        "typed": ViewDef(
            "typed",
            "SELECT i::BIGINT AS i, f::DOUBLE AS f, s::VARCHAR AS s, b::BOOLEAN AS b, "
            "d::DATE AS d, ts::TIMESTAMPTZ AS ts FROM typed_raw",
        ),
        HOSTILE_TABLE: ViewDef(
            HOSTILE_TABLE, f"SELECT 1 AS {_dq(HOSTILE_COLUMN)}, 2 AS plain WHERE false"
        ),
    }
    return Engine(
        name="files",
        driver=Driver.FILES,
        dsn=None,
        workspace_root=str(root),
        files=FilesOptions(path="files"),
        views=views,
        admin=refuse,
        values_sql=VALUES_DUCK,
        ts_cell=TS_UTC,
        slow_sql=DUCK_SLOW,
    )


def _postgres(dsn: str) -> Engine:
    def admin(sql: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql.encode())

    admin(
        sales_sql(text="text", decimal="numeric(10,2)")
        + "CREATE TABLE typed (i int8, f float8, s text, b boolean, d date, ts timestamptz);"
        + f"INSERT INTO typed VALUES (42, 2.5, '{UNICODE}', true, '2024-02-29', "
        + "'2024-02-29 10:00:00+00');"
        + HOSTILE_DQ
    )
    return Engine(
        name="postgres",
        driver=Driver.POSTGRES,
        dsn=dsn,
        admin=admin,
        values_sql=(
            "SELECT NULL::int AS n, DATE '2024-02-29' AS d, "
            "TIMESTAMPTZ '2024-02-29 12:00:00+02' AS ts, 4611686018427387905::int8 AS big, "
            f"9007199254740991::int8 AS safe, 12.50::numeric(10,2) AS num, '{UNICODE}' AS u"
        ),
        ts_cell=TS_UTC,
        slow_sql="SELECT pg_sleep(5)",
    )


def _mariadb(args: dict[str, object]) -> Engine:
    def admin(sql: str) -> None:
        conn = pymysql.connect(**args, autocommit=True)  # type: ignore[arg-type]
        try:
            with conn.cursor() as cursor:
                for part in sql.split(";\n"):
                    if part.strip():
                        cursor.execute(part)
        finally:
            conn.close()

    admin(
        sales_sql()
        + "CREATE TABLE typed (i BIGINT, f DOUBLE, s VARCHAR(50), b BOOLEAN, d DATE, "
        + "ts DATETIME);\n"
        + f"INSERT INTO typed VALUES (42, 2.5, '{UNICODE}', true, '2024-02-29', "
        + "'2024-02-29 10:00:00');\n"
        + f"CREATE TABLE {_bq(HOSTILE_TABLE)} ({_bq(HOSTILE_COLUMN)} INTEGER, plain INTEGER);\n"
    )
    dsn = f"mysql://{args['user']}:{args['password']}@{args['host']}:{args['port']}/"
    return Engine(
        name="mariadb",
        driver=Driver.MARIADB,
        dsn=dsn + str(args["database"]),
        admin=admin,
        values_sql=(
            "SELECT NULL AS n, DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 10:00:00' AS ts, "
            "CAST(4611686018427387905 AS SIGNED) AS big, 9007199254740991 AS safe, "
            f"CAST(12.5 AS DECIMAL(10,2)) AS num, '{UNICODE}' AS u"
        ),
        ts_cell="2024-02-29T10:00:00",
        slow_sql="SELECT SLEEP(5)",
    )


class Engines:
    """Engines built on first use, so a test of one driver does not wait for the others."""

    def __init__(self, tmp: pytest.TempPathFactory, stack: contextlib.ExitStack) -> None:
        self._tmp = tmp
        self._stack = stack
        self._built: dict[str, Engine] = {}

    def get(self, name: str) -> Engine:
        if name not in self._built:
            if name == "postgres":
                engine = _postgres(self._stack.enter_context(fresh_pg_database("pp_conn")))
            elif name == "mariadb":
                engine = _mariadb(self._stack.enter_context(fresh_mariadb_database("pp_conn")))
            else:
                builder = {"sqlite": _sqlite, "duckdb": _duckdb, "files": _files}[name]
                engine = builder(self._tmp.mktemp(name))
            self._built[name] = engine
        return self._built[name]

    def close(self) -> None:
        for engine in self._built.values():
            engine.close()


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engines]:
    with contextlib.ExitStack() as stack:
        cache = Engines(tmp_path_factory, stack)
        try:
            yield cache
        finally:
            cache.close()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, engines: Engines) -> Engine:
    return engines.get(request.param)


@pytest.fixture
def pg(engines: Engines) -> Engine:
    return engines.get("postgres")


@pytest.fixture
def maria(engines: Engines) -> Engine:
    return engines.get("mariadb")
