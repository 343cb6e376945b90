"""The query cache: bytes with an expiry, bounded in size."""

from __future__ import annotations

import datetime as dt

from plotpress.adapters.sqlstore.dialect import Executor


class SqlQueryCache:
    """QueryCache over one transaction; ``max_entries`` bounds the table."""

    def __init__(self, x: Executor, max_entries: int) -> None:
        self._x = x
        self._max_entries = max_entries

    def get(self, key: str, now: dt.datetime) -> bytes | None:
        row = self._x.one(
            "SELECT value FROM query_cache WHERE key = ? AND expires_at > ?",
            (key, self._x.t(now)),
        )
        return bytes(row[0]) if row else None

    def put(self, key: str, value: bytes, now: dt.datetime, ttl: dt.timedelta) -> None:
        self._x.run(
            "INSERT INTO query_cache (key, value, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
            " expires_at = excluded.expires_at",
            (key, bytes(value), self._x.t(now + ttl)),
        )
        count = int(self._x.one("SELECT count(*) FROM query_cache")[0])
        excess = count - self._max_entries
        if excess > 0:
            # Soonest-expiring first: expired entries go before live ones, and among live
            # ones the entry that would have lived least is the cheapest loss.
            self._x.run(
                "DELETE FROM query_cache WHERE key IN (SELECT key FROM query_cache"
                " ORDER BY expires_at, key LIMIT ?)",
                (excess,),
            )

    def purge_expired(self, now: dt.datetime) -> int:
        return self._x.run("DELETE FROM query_cache WHERE expires_at <= ?", (self._x.t(now),))
