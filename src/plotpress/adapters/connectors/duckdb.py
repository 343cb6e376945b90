"""DuckDB: a database file (or ``:memory:``) shared by the pooled connections.

The pool hands out cursors of one database instance, so ``:memory:`` and the ``files``
driver's views are the same for every query. External access (reading other files,
COPY, ATTACH, installing or loading extensions) is switched off and the configuration
locked before the first query. A statement past its deadline is interrupted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection

import duckdb

from plotpress.adapters.connectors import cells, duckdb_types, errors
from plotpress.adapters.connectors.base import PooledConnector, fetch_capped
from plotpress.adapters.connectors.paths import refuse_forbidden, resolve, strip_scheme
from plotpress.domain.workspace import Connection, PoolSettings
from plotpress.ports.connector import (
    Column,
    ConnectorConfigError,
    ConnectorError,
    DataSourceError,
    ResultSet,
    Statement,
    UnknownRelation,
)

Database = duckdb.DuckDBPyConnection
SAFE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def lock_down(db: Database, allowed_paths: list[str] | None = None) -> None:
    """No file outside ``allowed_paths``, no extensions, and no way to undo either."""
    locked = db.execute("SELECT current_setting('lock_configuration')").fetchone()
    if locked and locked[0]:
        # DuckDB shares one instance per file within a process: another connector of the
        # same file has locked it down already, with the same settings.
        return
    db.execute("SET GLOBAL TimeZone = 'UTC'")
    if allowed_paths is not None:
        db.execute("SET allowed_paths = ?", [allowed_paths])
    db.execute("SET enable_external_access = false")
    db.execute("SET lock_configuration = true")


def message(exc: Exception) -> str:
    """The engine's message without the echoed SQL and caret that follow it."""
    return str(exc).split("\n\nLINE ", 1)[0]


class DuckDBConnector(PooledConnector[Database]):
    dialect = "duckdb"

    def __init__(
        self,
        name: str,
        pool: PoolSettings,
        open_database: Callable[[], Database],
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(name, pool)
        self._open_database = open_database
        self._on_close = on_close
        self._db: Database | None = None
        self._db_lock = threading.Lock()

    def _database(self) -> Database:
        with self._db_lock:
            if self._db is None:
                self._db = self._open_database()
            return self._db

    def _open(self, seconds_left: float) -> Database:
        return self._database().cursor()

    def _close(self, conn: Database) -> None:
        conn.close()

    def _interrupt(self, conn: Database) -> None:
        conn.interrupt()

    def _run(
        self, conn: Database, statement: Statement, deadline: float, max_rows: int | None
    ) -> ResultSet:
        conn.execute(statement.sql, list(statement.values))
        raw, truncated = fetch_capped(conn, max_rows)
        columns = tuple(
            Column(d[0], duckdb_types.column_type(d[1])) for d in conn.description or ()
        )
        return ResultSet(columns, tuple(cells.row(r) for r in raw), truncated)

    def _translate(self, exc: Exception, relation: str | None) -> ConnectorError:
        text = message(exc)
        missing = isinstance(exc, duckdb.CatalogException) and "does not exist" in text
        if relation is not None and missing:
            return UnknownRelation(f"no table or view named '{relation}'")
        return DataSourceError(text)

    def close(self) -> None:
        super().close()
        with self._db_lock:
            db, self._db = self._db, None
        if db is not None:
            db.close()
        if self._on_close is not None:
            self._on_close()


def duckdb_connector(
    connection: Connection, *, workspace_root: str, forbidden_paths: Collection[str] = ()
) -> DuckDBConnector:
    dsn = strip_scheme((connection.dsn or "").strip(), "duckdb") or ":memory:"
    in_memory = dsn == ":memory:"
    path = dsn if in_memory else resolve(dsn, workspace_root)
    name = connection.name
    if not in_memory:
        refuse_forbidden(path, forbidden_paths, what=f"connection '{name}'")

    def open_database() -> Database:
        if not in_memory:
            # Checked again at open: a symlink may have been pointed elsewhere since.
            refuse_forbidden(path, forbidden_paths, what=f"connection '{name}'")
        if not in_memory and not os.path.isfile(path):
            raise ConnectorConfigError(
                f"connection '{name}': the DuckDB database file does not exist"
            )
        try:
            # An in-memory database cannot be opened read-only; it holds nothing to protect.
            db = duckdb.connect(
                path, read_only=connection.read_only and not in_memory, config=SAFE_CONFIG
            )
            lock_down(db)
        except duckdb.Error as exc:
            reason = errors.scrub(message(exc), errors.secret_forms(path, connection.dsn))
            raise ConnectorConfigError(
                f"connection '{name}': cannot open the DuckDB database ({reason})"
            ) from None
        return db

    return DuckDBConnector(name, connection.pool, open_database)
