"""The PostgreSQL metadata store adapter (psycopg 3 with a connection pool)."""

from plotpress.adapters.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
