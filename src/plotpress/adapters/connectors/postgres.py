"""PostgreSQL through psycopg 3.

Every statement runs in its own transaction, READ ONLY unless the connection says
``read_only: false``, with ``SET LOCAL statement_timeout`` set to the time left; a
client-side cancel shortly after the deadline is the backstop for a server that does not
stop by itself. Rows come through a server-side cursor so that ``max_rows`` bounds what
is transferred, not just what is kept.
"""

from __future__ import annotations

import math
import time
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.postgres import types as pg_types
from psycopg.types.string import TextLoader

import plotpress
from plotpress.adapters.connectors import cells, postgres_errors
from plotpress.adapters.connectors.base import PooledConnector, fetch_capped
from plotpress.domain.workspace import Connection
from plotpress.ports.connector import (
    Column,
    ConnectorConfigError,
    ConnectorError,
    DataSourceError,
    Placeholder,
    ResultSet,
    Statement,
)

PgConnection = psycopg.Connection[tuple[Any, ...]]

_TYPES_BY_OID = {
    **dict.fromkeys((20, 21, 23, 26), cells.INTEGER),  # int8 int2 int4 oid
    **dict.fromkeys((700, 701, 1700), cells.NUMBER),  # float4 float8 numeric
    16: cells.BOOLEAN,
    1082: cells.DATE,
    **dict.fromkeys((1114, 1184), cells.TIMESTAMP),  # timestamp timestamptz
    **dict.fromkeys((114, 3802), cells.JSON),  # json jsonb
}


def column_type(oid: int) -> str:
    if oid in _TYPES_BY_OID:
        return _TYPES_BY_OID[oid]
    info = pg_types.get(oid)
    if info is not None and info.array_oid == oid:
        return cells.JSON
    # text, varchar, uuid, time, interval (ISO 8601 duration), bytea (base64), enums, ...
    return cells.STRING


class PostgresConnector(PooledConnector[PgConnection]):
    dialect = "postgres"
    placeholder = Placeholder.FORMAT
    grace = 0.3

    def __init__(self, connection: Connection) -> None:
        self._dsn = (connection.dsn or "").strip()
        try:
            params = conninfo_to_dict(self._dsn)
        except psycopg.Error:
            raise ConnectorConfigError(
                f"connection '{connection.name}': the dsn is not a valid PostgreSQL "
                "connection string"
            ) from None
        password = params.get("password")
        super().__init__(
            connection.name, connection.pool, (self._dsn, str(password) if password else None)
        )
        # An application_name written in the DSN is the operator's explicit choice.
        self._application_name = str(
            params.get("application_name") or f"plotpress/{plotpress.__version__}"
        )
        self._read_only = connection.read_only

    def _open(self, seconds_left: float) -> PgConnection:
        try:
            conn = psycopg.connect(
                self._dsn,
                autocommit=True,
                application_name=self._application_name,
                connect_timeout=max(2, math.ceil(min(seconds_left, 30.0))),
            )
        except psycopg.Error as exc:
            reason = postgres_errors.connect_reason(exc)
            raise DataSourceError(
                f"connection '{self.name}': could not connect to PostgreSQL ({reason})"
            ) from None
        try:
            # One zone for every session, so timestamptz cells carry the same offset.
            conn.execute("SET TIME ZONE 'UTC'")
            conn.autocommit = False
            conn.read_only = self._read_only
            # json/jsonb cells are handed on as the server's JSON text, not re-encoded.
            conn.adapters.register_loader("json", TextLoader)
            conn.adapters.register_loader("jsonb", TextLoader)
        except psycopg.Error as exc:
            conn.close()
            raise self._error(exc, None) from None
        return conn

    def _close(self, conn: PgConnection) -> None:
        conn.close()

    def _interrupt(self, conn: PgConnection) -> None:
        conn.cancel_safe(timeout=2.0)

    def _reusable(self, conn: PgConnection) -> bool:
        return not conn.closed and not conn.broken

    def _run(
        self, conn: PgConnection, statement: Statement, deadline: float, max_rows: int | None
    ) -> ResultSet:
        left_ms = max(1, math.ceil((deadline - time.monotonic()) * 1000))
        try:
            conn.execute(f"SET LOCAL statement_timeout = {int(left_ms)}")
            with conn.cursor(name="plotpress") as cursor:
                # Values are always passed (even none), so '%%' means '%' in every statement.
                cursor.execute(statement.sql, statement.values)
                raw, truncated = fetch_capped(cursor, max_rows)
                description = cursor.description or []
            if self._read_only:
                conn.rollback()
            else:
                conn.commit()
        except BaseException:
            if not conn.closed:
                try:
                    conn.rollback()
                except psycopg.Error:
                    conn.close()
            raise
        columns = tuple(Column(d.name, column_type(d.type_code)) for d in description)
        return ResultSet(columns, tuple(cells.row(r) for r in raw), truncated)

    def _translate(self, exc: Exception, relation: str | None) -> ConnectorError:
        return postgres_errors.translate(exc, relation)
