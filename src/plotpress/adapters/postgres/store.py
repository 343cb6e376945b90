"""The PostgreSQL metadata store: what several replicas share."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import psycopg

from plotpress.adapters.postgres import migrations
from plotpress.adapters.postgres.dialect import PostgresDialect
from plotpress.adapters.postgres.errors import translate_pg_error
from plotpress.adapters.postgres.pool import ProcessPool
from plotpress.adapters.sqlstore import SqlUnitOfWork
from plotpress.ports.store import StoreError, UnitOfWork

_DIALECT = PostgresDialect()
Connection = psycopg.Connection[Any]


def _translated(exc: BaseException) -> StoreError:
    translated = translate_pg_error(exc)
    if translated is None:
        raise exc
    return translated


PING_TIMEOUT = 2.0


class PostgresStore:
    """MetadataStore on PostgreSQL through a per-process psycopg pool.

    The DSN is kept only to open connections: it is never logged nor put in an error.
    Units of work run at READ COMMITTED; every multi-row rule (attempt counting,
    single-use codes, first-writer-wins) is one conditional statement, which
    PostgreSQL re-checks on the locked row, so no stronger isolation is needed.
    """

    def __init__(
        self,
        dsn: str,
        *,
        max_cache_entries: int = 10000,
        pool_size: int = 10,
        timeout: float = 5.0,
    ) -> None:
        if max_cache_entries < 1:
            raise ValueError("max_cache_entries must be at least 1")
        self._max_cache_entries = max_cache_entries
        self._pool = ProcessPool(dsn, size=pool_size, timeout=timeout)
        self._local = threading.local()

    def __repr__(self) -> str:
        return "PostgresStore(<dsn hidden>)"

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """One transaction on a pooled connection: commit on normal exit, else roll back."""
        # Refused like SQLite refuses it: a nested unit of work would be a second,
        # independent transaction that can wait on the first forever.
        if getattr(self._local, "open", False):
            raise StoreError("a unit of work is already open on this thread")
        with self._connection() as conn:
            self._local.open = True
            try:
                yield SqlUnitOfWork(
                    conn.cursor(), _DIALECT, max_cache_entries=self._max_cache_entries
                )
            except BaseException:
                with contextlib.suppress(psycopg.Error):
                    conn.rollback()
                raise
            finally:
                self._local.open = False
            try:
                conn.commit()
            except psycopg.Error as exc:
                raise _translated(exc) from None

    def migrate(self) -> int:
        """Apply pending schema migrations; safe to run from several replicas at once."""
        with self._connection() as conn:
            try:
                return migrations.migrate(conn)
            except psycopg.Error as exc:
                raise _translated(exc) from None

    def ping(self) -> None:
        """Raise StoreUnavailable unless PostgreSQL answers ``SELECT 1``."""
        # A readiness probe must answer quickly, not wait out the pool's full timeout.
        with self._connection(timeout=PING_TIMEOUT) as conn:
            try:
                conn.execute("SELECT 1").fetchone()
                conn.rollback()
            except psycopg.Error as exc:
                raise _translated(exc) from None

    def close(self) -> None:
        """Close this process's pool."""
        self._pool.close()

    @contextlib.contextmanager
    def _connection(self, timeout: float | None = None) -> Iterator[Connection]:
        try:
            pool = self._pool.get()
            conn = pool.getconn(timeout=timeout)
        except psycopg.Error as exc:
            raise _translated(exc) from None
        try:
            yield conn
        finally:
            # The pool checks the state on return: a broken or mid-transaction
            # connection is discarded or rolled back, never handed out dirty.
            pool.putconn(conn)
