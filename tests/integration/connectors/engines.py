"""One real database per driver, filled with the same small data set.

Each Engine knows how to build a connector for its database, how to run set-up SQL
beside PlotPress (as the database owner, not through the connector), and the few
statements whose spelling differs between engines.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import duckdb

from plotpress.adapters.connectors import build_connector
from plotpress.domain.workspace import (
    Connection,
    Driver,
    FilesOptions,
    PoolSettings,
    ViewDef,
)
from plotpress.ports.connector import Column, Connector, Placeholder, Statement

HOSTILE_TABLE = 'we"ird`name; --'
HOSTILE_COLUMN = 'col"umn`x'
UNICODE = "Zürich — 東京 🚀"
BIG = 2**62 + 1
SAFE = 2**53 - 1
BOUND_VALUES = (
    42,
    2.5,
    UNICODE,
    True,
    dt.date(2024, 2, 29),
    dt.datetime(2024, 2, 29, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
)

SALES_ROWS = [
    (1, "eu-west", "10.50", "2024-01-31"),
    (2, "eu-north", "20.25", "2024-02-29"),
    (3, "us-east", "30.00", "2024-03-31"),
    (4, "eu-west", "40.75", "2024-04-30"),
    (5, "ap-south", "50.00", "2024-05-31"),
]


@attrs.define
class Engine:
    name: str
    driver: Driver
    dsn: str | None
    admin: Callable[[str], None]
    """Run set-up SQL as the owner of the database (not through PlotPress)."""
    values_sql: str
    """One row: n (NULL), d (date), ts (timestamp 2024-02-29 10:00 UTC), big, safe, dec, u."""
    ts_cell: str
    slow_sql: str
    workspace_root: str = "/"
    files: FilesOptions | None = None
    views: Mapping[str, ViewDef] = attrs.Factory(dict)
    built: list[Connector] = attrs.Factory(list)

    def connector(self, *, pool: PoolSettings | None = None, dsn: str | None = None) -> Connector:
        connection = Connection(
            name=f"{self.name}_test",
            driver=self.driver,
            allowed_users=frozenset({"analyst"}),
            dsn=dsn if dsn is not None else self.dsn,
            timeout=5.0,
            pool=pool or PoolSettings(max_open=4, max_idle=2),
            files=self.files,
        )
        built = build_connector(connection, workspace_root=self.workspace_root, views=self.views)
        self.built.append(built)
        return built

    def close(self) -> None:
        for built in self.built:
            built.close()


def statement(connector: Connector, sql: str, *values: Any) -> Statement:
    """Test SQL is written with ``?``; FORMAT drivers get ``%s`` (and literal % doubled)."""
    if connector.placeholder is Placeholder.FORMAT:
        sql = sql.replace("%", "%%").replace("?", "%s")
    return Statement(sql, tuple(values))


def sqlite_admin(path: str) -> Callable[[str], None]:
    def run(sql: str) -> None:
        with sqlite3.connect(path) as conn:
            conn.executescript(sql)
        conn.close()

    return run


def duckdb_admin(path: str) -> Callable[[str], None]:
    def run(sql: str) -> None:
        with duckdb.connect(path) as conn:
            conn.execute(sql)

    return run


def sales_sql(text: str = "VARCHAR(20)", decimal: str = "DECIMAL(10,2)") -> str:
    rows = ", ".join(f"({i}, '{r}', {a}, '{d}')" for i, r, a, d in SALES_ROWS)
    return (
        f"CREATE TABLE sales (id INTEGER, region {text}, amount {decimal}, day DATE);\n"
        f"INSERT INTO sales VALUES {rows};\n"
        "CREATE VIEW sales_eu AS SELECT id, region, amount, day FROM sales "
        "WHERE region LIKE 'eu-%';\n"
    )


SALES_CSV = "id,region,amount,day\n" + "".join(f"{i},{r},{a},{d}\n" for i, r, a, d in SALES_ROWS)


def names(columns: tuple[Column, ...]) -> tuple[str, ...]:
    """Column names only, for tests that check which columns a relation has."""
    return tuple(column.name for column in columns)
