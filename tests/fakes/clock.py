"""A clock that only moves when told to."""

from __future__ import annotations

import datetime as dt

import attrs

EPOCH = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)


@attrs.define
class FakeClock:
    current: dt.datetime = EPOCH
    mono: float = 1000.0

    def now(self) -> dt.datetime:
        return self.current

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.current += dt.timedelta(seconds=seconds)
        self.mono += seconds
