"""MySQL and MariaDB through PyMySQL (one adapter for the drivers ``mysql`` and ``mariadb``).

Sessions are ``READ ONLY`` transactions in UTC. Each statement gets the server's own
limit (``max_statement_time`` on MariaDB, ``max_execution_time`` on MySQL) set to the
time left, and a ``KILL QUERY`` from a separate connection shortly after the deadline
as the backstop. Rows stream from an unbuffered cursor so ``max_rows`` bounds the
transfer; a connection whose result was cut short is closed rather than drained.
Server messages never show the account (``'user'@'host'``): see mysql_errors.py.
"""

from __future__ import annotations

import math
import time

import pymysql
import pymysql.cursors

from plotpress.adapters.connectors import cells, mysql_dsn, mysql_errors, mysql_types
from plotpress.adapters.connectors.base import PooledConnector, fetch_capped
from plotpress.domain.workspace import Connection
from plotpress.ports.connector import (
    Column,
    ConnectorError,
    DataSourceError,
    Placeholder,
    QueryTimeout,
    ResultSet,
    Statement,
    UnknownRelation,
)

_CONNECT_REASONS = {
    1045: "authentication failed",
    1044: "access to the database was denied",
    1049: "the database does not exist",
    1040: "the server has too many connections",
    2003: "the server is unreachable",
    2005: "the server is unreachable",
    2013: "the server did not answer in time",
}
_INTERRUPTED = {1317, 1969, 3024}  # KILL QUERY, max_statement_time, max_execution_time
_LOST = {2006, 2013, 2014}


class MysqlConnector(PooledConnector[pymysql.connections.Connection]):
    dialect = "mysql"
    placeholder = Placeholder.FORMAT
    grace = 0.3

    def __init__(self, connection: Connection) -> None:
        self._args = mysql_dsn.parse(connection.name, connection.dsn or "")
        password = str(self._args["password"])
        super().__init__(connection.name, connection.pool, (connection.dsn or "", password))
        self._read_only = connection.read_only

    def quote_identifier(self, name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    def _connect(
        self, seconds_left: float, io_timeout: float | None = None
    ) -> pymysql.connections.Connection:
        extra = (
            {} if io_timeout is None else {"read_timeout": io_timeout, "write_timeout": io_timeout}
        )
        try:
            return pymysql.connect(
                **self._args,
                charset="utf8mb4",
                autocommit=True,
                connect_timeout=max(1, math.ceil(min(seconds_left, 30.0))),
                conv=mysql_types.CONVERSIONS,
                **extra,
            )
        except pymysql.Error as exc:
            code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 0
            reason = _CONNECT_REASONS.get(code, "connection refused")
            raise DataSourceError(
                f"connection '{self.name}': could not connect to the MySQL server ({reason})"
            ) from None

    def _open(self, seconds_left: float) -> pymysql.connections.Connection:
        conn = self._connect(seconds_left)
        try:
            with conn.cursor() as cursor:
                cursor.execute("SET SESSION time_zone = '+00:00'")
                if self._read_only:
                    cursor.execute("SET SESSION TRANSACTION READ ONLY")
        except pymysql.Error as exc:
            conn.close()
            raise self._error(exc, None) from None
        return conn

    def _close(self, conn: pymysql.connections.Connection) -> None:
        if conn.open:
            conn.close()

    def _reusable(self, conn: pymysql.connections.Connection) -> bool:
        return bool(conn.open)

    def _interrupt(self, conn: pymysql.connections.Connection) -> None:
        # Bounded everywhere: a server that does not answer must not hold the
        # cancelling thread.
        killer = self._connect(2.0, io_timeout=2.0)
        try:
            with killer.cursor() as cursor:
                cursor.execute("KILL QUERY %s", (conn.thread_id(),))
        finally:
            killer.close()

    def _run(
        self,
        conn: pymysql.connections.Connection,
        statement: Statement,
        deadline: float,
        max_rows: int | None,
    ) -> ResultSet:
        left = max(0.001, deadline - time.monotonic())
        with conn.cursor() as cursor:
            if "mariadb" in conn.get_server_info().lower():
                cursor.execute(f"SET SESSION max_statement_time = {left:.3f}")
            else:
                cursor.execute(f"SET SESSION max_execution_time = {math.ceil(left * 1000)}")
        cursor = pymysql.cursors.SSCursor(conn)
        # Values are always passed (even none), so '%%' means '%' in every statement.
        cursor.execute(statement.sql, tuple(mysql_types.bind(v) for v in statement.values))
        raw, truncated = fetch_capped(cursor, max_rows)
        description = cursor.description or ()
        if truncated:
            # Draining the rest could mean millions of rows; dropping the connection is cheaper.
            # PyMySQL would otherwise try to drain the closed socket when the result is freed.
            conn.close()
            pending = getattr(cursor, "_result", None)
            if pending is not None:
                pending.unbuffered_active = False
        else:
            cursor.close()
        columns = tuple(Column(d[0], mysql_types.column_type(d[1])) for d in description)
        return ResultSet(columns, tuple(cells.row(r) for r in raw), truncated)

    def _translate(self, exc: Exception, relation: str | None) -> ConnectorError:
        if not isinstance(exc, pymysql.Error):
            return DataSourceError(f"unexpected failure: {type(exc).__name__}")
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 0
        text = str(exc.args[1]) if len(exc.args) > 1 else ""
        if code in _INTERRUPTED:
            return QueryTimeout("the query ran longer than its timeout and was cancelled")
        if code == 1146 and relation is not None:
            return UnknownRelation(f"no table or view named '{relation}'")
        if code in _LOST or isinstance(exc, pymysql.InterfaceError):
            return DataSourceError("lost the connection to the MySQL server")
        text = mysql_errors.safe_message(code, text)
        if code == 1792:
            text += " (this connection is read-only)"
        return DataSourceError(text or f"the server reported error {code}")
