"""The SQLite metadata store adapter (stdlib ``sqlite3``, WAL)."""

from plotpress.adapters.sqlite.connection import connect
from plotpress.adapters.sqlite.runtime import (
    has_wal_reset_bug,
    log_sqlite_runtime_warnings,
    sqlite_runtime_warnings,
)
from plotpress.adapters.sqlite.store import SqliteStore

__all__ = [
    "SqliteStore",
    "connect",
    "has_wal_reset_bug",
    "log_sqlite_runtime_warnings",
    "sqlite_runtime_warnings",
]
