"""PostgreSQL errors as the port's errors, without connection details.

libpq's connection failures name the host, port and user (and a DSN may carry the
password), so they are reduced to a fixed reason. Errors about the statement keep the
server's primary message and hint, which authors need (``column "x" does not exist``).
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pg

from plotpress.ports.connector import ConnectorError, DataSourceError, QueryTimeout, UnknownRelation

_CONNECT_REASONS = (
    ("password authentication failed", "authentication failed"),
    ("authentication failed", "authentication failed"),
    ("no password supplied", "authentication failed"),
    ("role", "authentication failed"),
    ("database", "the database does not exist"),
    ("too many", "the server has too many connections"),
    ("timeout", "the server did not answer in time"),
    ("ssl", "the SSL handshake failed"),
    ("refused", "the server is unreachable"),
    ("translate host name", "the server is unreachable"),
    ("no route", "the server is unreachable"),
    ("starting up", "the server is starting up"),
    ("shutting down", "the server is shutting down"),
)


def connect_reason(exc: Exception) -> str:
    text = str(exc).lower()
    return next((reason for key, reason in _CONNECT_REASONS if key in text), "connection refused")


def translate(exc: Exception, relation: str | None) -> ConnectorError:
    if isinstance(exc, pg.QueryCanceled):
        return QueryTimeout("the query ran longer than its timeout and was cancelled")
    if not isinstance(exc, psycopg.Error):
        return DataSourceError(f"unexpected failure: {type(exc).__name__}")
    primary = exc.diag.message_primary
    if relation is not None and isinstance(exc, pg.UndefinedTable):
        return UnknownRelation(f"no table or view named '{relation}'")
    if primary is None:
        # No server diagnostics: the connection itself failed; libpq's text names the host.
        return DataSourceError("lost the connection to the PostgreSQL server")
    message = primary
    if exc.diag.message_hint:
        message += f" (hint: {exc.diag.message_hint})"
    if isinstance(exc, pg.ReadOnlySqlTransaction):
        message += " (this connection is read-only)"
    return DataSourceError(message)
