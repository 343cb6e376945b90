"""sqlite3 errors as the store port's errors; messages carry the error name, never data."""

from __future__ import annotations

import sqlite3

from plotpress.ports.store import StoreError, StoreUnavailable

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in
# the low byte.
_BUSY_OR_LOCKED = {5, 6}
# PERM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB: the file itself
# cannot be used right now, so callers should answer 503 rather than 500.
_FILE_UNUSABLE = {3, 8, 10, 11, 13, 14, 15, 26}


def translate_sqlite_error(exc: BaseException) -> StoreError | None:
    """The port error for an sqlite3 error, or None for anything else."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary in _BUSY_OR_LOCKED or (primary is None and "locked" in text):
        return StoreUnavailable(f"the SQLite database stayed locked beyond the timeout ({name})")
    if primary in _FILE_UNUSABLE or (primary is None and "unable to open" in text):
        return StoreUnavailable(f"the SQLite database file cannot be used ({name})")
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(f"a store constraint was violated ({name})")
    return StoreError(f"SQLite error ({name})")
