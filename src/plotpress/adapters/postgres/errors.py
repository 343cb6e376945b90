"""psycopg and pool errors as the store port's errors.

Messages carry the SQLSTATE or error class only: libpq messages can quote host, user
and database names from the DSN, which the spec says never to echo.
"""

from __future__ import annotations

import psycopg
import psycopg_pool

from plotpress.ports.store import StoreError, StoreUnavailable


def translate_pg_error(exc: BaseException) -> StoreError | None:
    """The port error for a psycopg/pool error, or None for anything else."""
    if isinstance(exc, psycopg_pool.PoolTimeout | psycopg_pool.PoolClosed):
        return StoreUnavailable("no PostgreSQL connection became available in time")
    if not isinstance(exc, psycopg.Error):
        return None
    state = exc.sqlstate or type(exc).__name__
    # OperationalError covers connection loss, shutdown, serialization failures,
    # deadlocks, lock and statement timeouts: all worth a retry later (503).
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return StoreUnavailable(f"PostgreSQL is unavailable ({state})")
    if isinstance(exc, psycopg.IntegrityError):
        return StoreError(f"a store constraint was violated ({state})")
    return StoreError(f"PostgreSQL error ({state})")
