"""How the shared repositories talk to SQLite.

Times are INTEGER microseconds since the Unix epoch, UTC. Integers compare and sort
exactly like the instants they encode (ISO-8601 text only does so while every value
has the same offset and precision), index compactly, and keep Python's microsecond
resolution, so ``expires_at > now`` is a plain integer comparison.
"""

from __future__ import annotations

import datetime as dt

from plotpress.adapters.sqlite.errors import translate_sqlite_error
from plotpress.adapters.sqlstore.dialect import Dialect
from plotpress.ports.store import StoreError

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


class SqliteDialect(Dialect):
    """``?`` placeholders, integer-microsecond times, sqlite3 error translation."""

    def sql(self, text: str) -> str:
        return text

    def encode_time(self, value: dt.datetime) -> object:
        return (value - _EPOCH) // _MICROSECOND

    def decode_time(self, value: object) -> dt.datetime:
        if not isinstance(value, int):
            raise TypeError("a stored SQLite time is not an integer")
        return _EPOCH + value * _MICROSECOND

    def translate(self, exc: BaseException) -> StoreError | None:
        return translate_sqlite_error(exc)
