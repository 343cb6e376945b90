"""What the shared repositories need from a backend, and the error-translating executor."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from plotpress.ports.store import StoreError

Params = Sequence[object]


class Cursor(Protocol):
    """The part of a DB-API cursor the repositories use (sqlite3 and psycopg alike)."""

    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: Any, parameters: Any = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Dialect(abc.ABC):
    """How one backend spells placeholders, stores times and names its errors."""

    @abc.abstractmethod
    def sql(self, text: str) -> str:
        """Rewrite ``?`` placeholders into the driver's own."""

    @abc.abstractmethod
    def encode_time(self, value: dt.datetime) -> object:
        """A timezone-aware datetime as the column stores it (ordering preserved)."""

    @abc.abstractmethod
    def decode_time(self, value: object) -> dt.datetime:
        """A stored time back as a UTC datetime."""

    @abc.abstractmethod
    def translate(self, exc: BaseException) -> StoreError | None:
        """The port error for a driver error, or None when ``exc`` is not the driver's."""


def require_aware(value: dt.datetime) -> dt.datetime:
    """Naive datetimes would be compared as if UTC by accident; refuse them loudly."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("the metadata store takes timezone-aware datetimes only")
    return value.astimezone(dt.UTC)


class Executor:
    """Runs the repositories' statements on one transaction's cursor, translating errors."""

    def __init__(self, cursor: Cursor, dialect: Dialect) -> None:
        self._cursor = cursor
        self.dialect = dialect

    def run(self, sql: str, params: Params = ()) -> int:
        """Execute and return the affected row count."""
        self._execute(sql, params)
        return self._cursor.rowcount

    def one(self, sql: str, params: Params = ()) -> Any:
        """Execute and return the first row, or None."""
        self._execute(sql, params)
        return self._fetch(self._cursor.fetchone)

    def all(self, sql: str, params: Params = ()) -> list[Any]:
        """Execute and return every row."""
        self._execute(sql, params)
        return list(self._fetch(self._cursor.fetchall))

    def t(self, value: dt.datetime) -> object:
        return self.dialect.encode_time(require_aware(value))

    def time(self, value: object) -> dt.datetime:
        return self.dialect.decode_time(value)

    def _execute(self, sql: str, params: Params) -> None:
        try:
            self._cursor.execute(self.dialect.sql(sql), tuple(params))
        except Exception as exc:
            self._raise_translated(exc)

    def _fetch(self, fetch: Any) -> Any:
        try:
            return fetch()
        except Exception as exc:
            self._raise_translated(exc)

    def _raise_translated(self, exc: Exception) -> None:
        translated = self.dialect.translate(exc)
        if translated is None:
            raise exc
        # ``from None``: driver messages may quote connection details; the port error
        # already names the failure class (error code / SQLSTATE) for operators.
        raise translated from None
