"""The SQLite metadata store (the default: one file, several worker processes)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator

from plotpress.adapters.sqlite import migrations
from plotpress.adapters.sqlite.connection import ThreadConnections
from plotpress.adapters.sqlite.dialect import SqliteDialect
from plotpress.adapters.sqlite.errors import translate_sqlite_error
from plotpress.adapters.sqlstore import SqlUnitOfWork
from plotpress.ports.store import StoreError, UnitOfWork

_DIALECT = SqliteDialect()


def _translated(exc: sqlite3.Error) -> StoreError:
    translated = translate_sqlite_error(exc)
    assert translated is not None
    return translated


class SqliteStore:
    """MetadataStore on one SQLite file in WAL mode.

    Nothing is opened until first use, so a store built before gunicorn forks is safe;
    each thread of each process then gets its own connection (see ``connection``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_cache_entries: int = 10000,
        synchronous: str = "FULL",
        busy_timeout_ms: int = 5000,
    ) -> None:
        if max_cache_entries < 1:
            raise ValueError("max_cache_entries must be at least 1")
        self.path = os.fspath(path)
        self._max_cache_entries = max_cache_entries
        self._connections = ThreadConnections(
            self.path, synchronous=synchronous, busy_timeout_ms=busy_timeout_ms
        )

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One ``BEGIN IMMEDIATE`` transaction: commit on normal exit, else roll back."""
        conn = self._connections.get()
        if conn.in_transaction:
            raise StoreError("a unit of work is already open on this thread")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translated(exc) from None
        try:
            yield SqlUnitOfWork(conn.cursor(), _DIALECT, max_cache_entries=self._max_cache_entries)
        except BaseException:
            self._rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback(conn)
            raise _translated(exc) from None

    def migrate(self) -> int:
        """Apply pending schema migrations; idempotent; returns the schema version."""
        return migrations.migrate(self._connections.get())

    def ping(self) -> None:
        """Read the schema table, which touches the file (``SELECT 1`` would not)."""
        try:
            self._connections.get().execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise _translated(exc) from None

    def close(self) -> None:
        """Close the connections this process opened."""
        self._connections.close()

    @staticmethod
    def _rollback(conn: sqlite3.Connection) -> None:
        # SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing to undo.
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
