"""Schema versions for PostgreSQL, recorded in a ``schema_version`` table.

Replicas starting together all call migrate(): a transaction-scoped advisory lock
makes them take turns, so exactly one runs each script and the others find it done.
Scripts run in the same transaction as their version row (PostgreSQL DDL is
transactional): a failed migration leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

import psycopg

from plotpress.adapters.sqlstore.migrations import Migration, load_migrations
from plotpress.ports.store import SchemaTooNew

MIGRATIONS: tuple[Migration, ...] = load_migrations("plotpress.adapters.postgres")
LATEST = len(MIGRATIONS)
# An arbitrary, fixed advisory-lock key naming "PlotPress schema migration".
MIGRATION_LOCK_KEY = 0x706C6F7470726573


def migrate(conn: psycopg.Connection[Any]) -> int:
    """Apply pending migrations in one transaction; returns the version in force."""
    with conn.transaction():
        # Taken before CREATE TABLE IF NOT EXISTS, which is itself racy between sessions.
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version integer PRIMARY KEY, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        version = int(row[0]) if row else 0
        if version > LATEST:
            raise SchemaTooNew(
                f"the database is at schema version {version}; this PlotPress knows {LATEST}"
            )
        for migration in MIGRATIONS[version:]:
            conn.execute(migration.script.encode())
            conn.execute(
                "INSERT INTO schema_version (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
    return LATEST
