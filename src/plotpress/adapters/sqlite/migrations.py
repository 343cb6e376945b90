"""Schema versions for SQLite, recorded in ``PRAGMA user_version``.

The header field is written inside the migrating transaction, so a migration that dies
half-way leaves neither its tables nor its version number behind.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from plotpress.adapters.sqlite.errors import translate_sqlite_error
from plotpress.adapters.sqlstore.migrations import Migration, load_migrations
from plotpress.ports.store import SchemaTooNew

MIGRATIONS: tuple[Migration, ...] = load_migrations("plotpress.adapters.sqlite")
LATEST = len(MIGRATIONS)


def statements(script: str) -> Iterator[str]:
    """Split a script into statements (``executescript`` would COMMIT our transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip() and not all(
        part.strip().startswith("--") for part in pending.strip().splitlines()
    ):
        raise ValueError("a migration script ends with an incomplete statement")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations under the write lock; returns the version in force."""
    try:
        # IMMEDIATE: two processes starting together serialise here instead of both
        # reading version 0 and both running the first script.
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > LATEST:
                raise SchemaTooNew(
                    f"the database is at schema version {version}; this PlotPress knows {LATEST}"
                )
            for migration in MIGRATIONS[version:]:
                for statement in statements(migration.script):
                    conn.execute(statement)
            if version < LATEST:
                conn.execute(f"PRAGMA user_version = {LATEST:d}")
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        translated = translate_sqlite_error(exc)
        assert translated is not None
        raise translated from None
    return LATEST
