"""SQLite through the standard library, read-only three times over.

The file is opened with ``mode=ro``, the session has ``PRAGMA query_only``, and an
authorizer admits only reads: no ATTACH/DETACH, no PRAGMA, no writes, no extension
loading. A statement past its deadline is stopped with ``sqlite3_interrupt``.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sqlite3
from collections.abc import Collection, Sequence

from plotpress.adapters.connectors import cells
from plotpress.adapters.connectors.base import PooledConnector, fetch_capped
from plotpress.adapters.connectors.paths import refuse_forbidden, resolve, strip_scheme
from plotpress.domain.params import ParamValue
from plotpress.domain.workspace import Connection
from plotpress.ports.connector import (
    Column,
    ConnectorConfigError,
    ConnectorError,
    DataSourceError,
    ResultSet,
    Statement,
    UnknownRelation,
)

_ALLOWED_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
_REFUSED_FUNCTIONS = frozenset({"load_extension", "readfile", "writefile", "edit"})


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK if action in _ALLOWED_ACTIONS else sqlite3.SQLITE_DENY


def bind(value: ParamValue) -> object:
    """SQLite has no date type: dates bind as ``YYYY-MM-DD`` and timestamps as UTC text in
    SQLite's own ``YYYY-MM-DD HH:MM:SS[.ffffff]`` form, so they compare with
    ``CURRENT_TIMESTAMP``-style columns and pass through ``datetime()`` unchanged."""
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC) if value.tzinfo else value
        return utc.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class SqliteConnector(PooledConnector[sqlite3.Connection]):
    dialect = "sqlite"

    # SQLite has no result types: one row shows what a view's columns hold.
    probe_rows = 1

    def __init__(
        self,
        connection: Connection,
        *,
        workspace_root: str,
        forbidden_paths: Collection[str] = (),
    ) -> None:
        dsn = (connection.dsn or "").strip()
        if not dsn or dsn == ":memory:":
            raise ConnectorConfigError(
                f"connection '{connection.name}': sqlite needs the path of a database file"
            )
        self._path = resolve(strip_scheme(dsn, "sqlite"), workspace_root)
        self._forbidden = tuple(forbidden_paths)
        refuse_forbidden(self._path, self._forbidden, what=f"connection '{connection.name}'")
        self._busy_timeout = connection.timeout
        super().__init__(connection.name, connection.pool)

    def _open(self, seconds_left: float) -> sqlite3.Connection:
        if not os.path.isfile(self._path):
            raise ConnectorConfigError(
                f"connection '{self.name}': the SQLite database file does not exist"
            )
        # Checked again at each open: a symlink may have been pointed elsewhere since.
        refuse_forbidden(self._path, self._forbidden, what=f"connection '{self.name}'")
        uri = pathlib.Path(self._path).as_uri() + "?mode=ro"
        try:
            # check_same_thread=False: the pool lends a connection to one thread at a time,
            # and the watchdog only calls interrupt(), which SQLite allows from any thread.
            conn = sqlite3.connect(
                uri,
                uri=True,
                timeout=min(self._busy_timeout, max(seconds_left, 0.1)),
                check_same_thread=False,
                isolation_level=None,
            )
            conn.execute("PRAGMA query_only = ON")
            conn.set_authorizer(_authorize)
        except sqlite3.Error as exc:
            raise ConnectorConfigError(
                f"connection '{self.name}': cannot open the SQLite database file "
                f"({self.scrub(str(exc))})"
            ) from None
        return conn

    def _close(self, conn: sqlite3.Connection) -> None:
        conn.close()

    def _interrupt(self, conn: sqlite3.Connection) -> None:
        conn.interrupt()

    def _run(
        self, conn: sqlite3.Connection, statement: Statement, deadline: float, max_rows: int | None
    ) -> ResultSet:
        cursor = conn.execute(statement.sql, tuple(bind(v) for v in statement.values))
        try:
            raw, truncated = fetch_capped(cursor, max_rows)
            names = [d[0] for d in cursor.description or ()]
        finally:
            cursor.close()
        return ResultSet(_columns(names, raw), tuple(cells.row(r) for r in raw), truncated)

    def _translate(self, exc: Exception, relation: str | None) -> ConnectorError:
        message = str(exc)
        if relation is not None and message.startswith("no such table"):
            return UnknownRelation(f"no table or view named '{relation}'")
        if isinstance(exc, sqlite3.DatabaseError) and "not authorized" in message:
            return DataSourceError(f"{message} (this connection is read-only)")
        return DataSourceError(message)


def _columns(names: Sequence[str], raw: Sequence[Sequence[object]]) -> tuple[Column, ...]:
    return tuple(
        Column(name, cells.infer_type([r[i] for r in raw])) for i, name in enumerate(names)
    )
