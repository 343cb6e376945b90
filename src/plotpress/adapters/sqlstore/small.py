"""Fixed-window rate limits and the server-wide key/value table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from plotpress.adapters.sqlstore.dialect import Executor, require_aware

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def window_start(now: dt.datetime, window: dt.timedelta) -> dt.datetime:
    """The start of the fixed window holding ``now`` (windows are aligned on the epoch)."""
    width = window // _MICROSECOND
    if width < 1:
        raise ValueError("a rate-limit window must be at least one microsecond")
    offset = (require_aware(now) - _EPOCH) // _MICROSECOND
    return _EPOCH + (offset - offset % width) * _MICROSECOND


class SqlRateLimiter:
    """RateLimiter over one transaction."""

    def __init__(self, x: Executor) -> None:
        self._x = x

    def hit(self, bucket: str, now: dt.datetime, window: dt.timedelta) -> int:
        start = self._x.t(window_start(now, window))
        # Past windows of this bucket are dead weight; dropping them here keeps the table
        # as small as the number of active buckets without a separate purge job.
        self._x.run(
            "DELETE FROM rate_limits WHERE bucket = ? AND window_start < ?", (bucket, start)
        )
        row = self._x.one(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
            " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1"
            " RETURNING hits",
            (bucket, start),
        )
        return int(row[0])

    def purge_older_than(self, cutoff: dt.datetime) -> int:
        return self._x.run("DELETE FROM rate_limits WHERE window_start < ?", (self._x.t(cutoff),))


class SqlKeyValue:
    """KeyValue over one transaction."""

    def __init__(self, x: Executor) -> None:
        self._x = x

    def get_or_create(self, key: str, factory: Callable[[], str]) -> str:
        row = self._x.one("SELECT value FROM kv WHERE key = ?", (key,))
        if row:
            return str(row[0])
        # DO NOTHING then re-read: when two replicas race, both return the winner's value.
        self._x.run(
            "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (key, factory()),
        )
        return str(self._x.one("SELECT value FROM kv WHERE key = ?", (key,))[0])
