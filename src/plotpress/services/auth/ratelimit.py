"""Fixed-window rate limits over the store's RateLimiter, with keyed bucket names."""

from __future__ import annotations

import datetime as dt
import math

import attrs

from plotpress.ports.store import RateLimiter
from plotpress.services.auth.hashing import RATE_PURPOSE, keyed_hash

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class RateLimited(Exception):
    """Too many requests; ``retry_after`` is a whole number of seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; retry in {retry_after} s")
        self.retry_after = retry_after


@attrs.frozen
class Limit:
    """At most ``hits`` per fixed window of ``window`` seconds."""

    hits: int
    window: float

    @property
    def span(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.window)


def check(
    limiter: RateLimiter, *, secret: str, kind: str, subject: str, limit: Limit, now: dt.datetime
) -> int | None:
    """Count one hit; the seconds to wait if it went over ``limit``, else None.

    The bucket name is a keyed hash of ``subject`` (an address, a client IP), so the
    rate-limit table holds no personal data in clear.
    """
    bucket = f"{kind}:{keyed_hash(secret, RATE_PURPOSE, kind, subject)[:32]}"
    if limiter.hit(bucket, now, limit.span) <= limit.hits:
        return None
    return seconds_left(now, limit.window)


def seconds_left(now: dt.datetime, window: float) -> int:
    """Seconds until the current window ends (the store aligns windows on the epoch)."""
    elapsed = (now - _EPOCH).total_seconds() % window
    return max(1, math.ceil(window - elapsed))
