"""One psycopg connection pool per process, opened on first use.

A pool opened before gunicorn forks would share sockets between workers. When the
process id changes, the inherited pool is set aside — never closed, because closing
it would send a Terminate on sockets the parent still uses — and a new one is opened.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import psycopg
import psycopg_pool


class ProcessPool:
    """The lazily opened, fork-aware pool behind a PostgresStore."""

    def __init__(self, dsn: str, *, size: int, timeout: float) -> None:
        self._dsn = dsn
        self._size = size
        self._timeout = timeout
        self._lock = threading.Lock()
        self._pool: psycopg_pool.ConnectionPool[psycopg.Connection[Any]] | None
        self._pool = None
        self._pid = 0
        self._inherited: list[object] = []

    def get(self) -> psycopg_pool.ConnectionPool[psycopg.Connection[Any]]:
        """This process's pool."""
        pid = os.getpid()
        with self._lock:
            if self._pool is not None and self._pid == pid:
                return self._pool
            if self._pool is not None:
                self._inherited.append(self._pool)
            pool: psycopg_pool.ConnectionPool[psycopg.Connection[Any]]
            pool = psycopg_pool.ConnectionPool(
                self._dsn,
                min_size=1,
                max_size=self._size,
                timeout=self._timeout,
                open=False,
                # A connection dropped by a server restart is replaced, not handed out.
                check=psycopg_pool.ConnectionPool.check_connection,
                name="plotpress-store",
            )
            pool.open(wait=False)
            self._pool, self._pid = pool, pid
            return pool

    def close(self) -> None:
        """Close this process's pool, if one was opened here."""
        with self._lock:
            pool, self._pool = self._pool, None
            if pool is None:
                return
            if self._pid != os.getpid():
                self._inherited.append(pool)
                return
        pool.close()
