"""Opening SQLite connections, and keeping one per thread per process.

Every connection gets the same settings, chosen for a metadata file that several
gunicorn workers share and whose audit log is a promise to auditors:

``journal_mode=WAL``
    Readers never block the writer nor the writer readers; a commit appends to the
    ``-wal`` file. Persistent in the database file. WAL needs every process on one host.
``synchronous=FULL``
    In WAL mode the WAL is fsync'd at every commit. With ``NORMAL`` it is only synced
    at checkpoints: a commit still survives the *process* being killed (SIGKILL, OOM:
    the frames are already in the kernel's page cache), but the last commits can vanish
    on power loss or a kernel crash. An acknowledged audit row must survive both, so
    FULL. Measured by ``benchmarks/store_audit_append.py`` (one transaction per append):
    FULL ~3,800 appends/s against ~13,700 for NORMAL on the CI machine — a 3.6x cost
    that still leaves two orders of magnitude above the rate of query requests (each
    of which runs a query first). Operators on slow disks may pass
    ``synchronous="NORMAL"`` knowing they trade power-loss durability, not crash safety.
``busy_timeout``
    A writer that finds the write lock taken waits (5 s by default) instead of failing
    at once with "database is locked"; past it the store raises StoreUnavailable.
``foreign_keys=ON``
    Off by default in SQLite for compatibility; a session must reference a real user.

Units of work begin with ``BEGIN IMMEDIATE``: the write lock is taken at BEGIN, where
the busy handler can wait for it. A deferred transaction that reads and then writes
fails with SQLITE_BUSY at once (no waiting) when another writer committed in between.

Connections are opened lazily, one per thread (``sqlite3`` objects must not be shared
across threads mid-transaction) and per process: a connection inherited through
``fork()`` (gunicorn preloading) is never used — nor closed, since closing it in the
child would disturb the parent's file locks — and a fresh one is opened instead.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time

from plotpress.adapters.sqlite.errors import translate_sqlite_error
from plotpress.ports.store import StoreError

SYNCHRONOUS_LEVELS = ("FULL", "NORMAL", "EXTRA")
# RETURNING arrived in 3.35.0; the repositories rely on it (and on upserts, 3.24.0).
MINIMUM_SQLITE = (3, 35, 0)


def connect(
    path: str | os.PathLike[str], *, synchronous: str = "FULL", busy_timeout_ms: int = 5000
) -> sqlite3.Connection:
    """Open ``path`` with PlotPress's pragmas, in autocommit mode (we issue BEGIN)."""
    if synchronous not in SYNCHRONOUS_LEVELS:
        raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_LEVELS)}")
    if sqlite3.sqlite_version_info < MINIMUM_SQLITE:
        raise StoreError(
            f"SQLite {sqlite3.sqlite_version} is too old; PlotPress needs 3.35.0 or newer"
        )
    try:
        conn = sqlite3.connect(
            path,
            timeout=busy_timeout_ms / 1000,
            isolation_level=None,
            # Each connection is used by one thread only (ThreadConnections); the flag is
            # off so close() may release them all from the thread that shuts down.
            check_same_thread=False,
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}")
            mode = _enter_wal(conn, busy_timeout_ms / 1000)
            if str(mode).lower() != "wal":
                raise StoreError(f"SQLite refused WAL mode (journal_mode is {mode})")
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as exc:
        translated = translate_sqlite_error(exc)
        assert translated is not None
        raise translated from None
    return conn


def _enter_wal(conn: sqlite3.Connection, patience: float) -> str:
    """Switch to WAL, retrying while another connection holds the lock.

    Switching the journal mode of a fresh file can answer SQLITE_BUSY at once without
    consulting the busy handler (several workers opening a new database together), so
    this retries for as long as ``busy_timeout`` would have waited.
    """
    deadline = time.monotonic() + patience
    pause = 0.005
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            busy = exc.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY  # and its extended codes
            if not busy or time.monotonic() >= deadline:
                raise
        time.sleep(pause)  # back off briefly; the other opener finishes in milliseconds
        pause = min(pause * 2, 0.1)


class ThreadConnections:
    """Lazily opened connections to one file: one per thread, never across a fork."""

    def __init__(self, path: str, *, synchronous: str, busy_timeout_ms: int) -> None:
        self._path = path
        self._synchronous = synchronous
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[tuple[int, sqlite3.Connection]] = []

    def get(self) -> sqlite3.Connection:
        """This thread's connection in this process, opened on first use."""
        pid = os.getpid()
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == pid:
            return conn
        conn = connect(
            self._path, synchronous=self._synchronous, busy_timeout_ms=self._busy_timeout_ms
        )
        self._local.conn, self._local.pid = conn, pid
        with self._lock:
            self._opened.append((pid, conn))
        return conn

    def close(self) -> None:
        """Close this process's connections; inherited ones stay referenced, untouched."""
        pid = os.getpid()
        with self._lock:
            mine = [conn for owner, conn in self._opened if owner == pid]
            self._opened = [(owner, conn) for owner, conn in self._opened if owner != pid]
            self._local = threading.local()
        for conn in mine:
            conn.close()
