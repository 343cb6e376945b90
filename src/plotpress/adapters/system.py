"""The real clock and the real source of randomness."""

from __future__ import annotations

import datetime as dt
import secrets
import time


class SystemClock:
    """Wall-clock time in UTC and the process's monotonic clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class SecretsTokenFactory:
    """Tokens, codes and ids from the operating system's CSPRNG."""

    def token(self, nbytes: int = 32) -> str:
        return secrets.token_urlsafe(nbytes)

    def code(self, digits: int) -> str:
        if digits < 1:
            raise ValueError("a code needs at least one digit")
        # randbelow is uniform over [0, 10**digits): no modulo bias, leading zeros kept.
        return f"{secrets.randbelow(10**digits):0{digits}d}"

    def new_id(self) -> str:
        return secrets.token_urlsafe(16)
