"""How the shared repositories talk to PostgreSQL (psycopg 3)."""

from __future__ import annotations

import datetime as dt
import functools

from plotpress.adapters.postgres.errors import translate_pg_error
from plotpress.adapters.sqlstore.dialect import Dialect
from plotpress.ports.store import StoreError


@functools.lru_cache(maxsize=256)
def _placeholders(text: str) -> str:
    # The shared SQL never contains a literal ``?`` or ``%``, so this is exact.
    return text.replace("?", "%s")


class PostgresDialect(Dialect):
    """``%s`` placeholders, timestamptz times, psycopg error translation."""

    def sql(self, text: str) -> str:
        return _placeholders(text)

    def encode_time(self, value: dt.datetime) -> object:
        return value

    def decode_time(self, value: object) -> dt.datetime:
        if not isinstance(value, dt.datetime):
            raise TypeError("a stored PostgreSQL time is not a timestamp")
        return value.astimezone(dt.UTC)

    def translate(self, exc: BaseException) -> StoreError | None:
        return translate_pg_error(exc)
