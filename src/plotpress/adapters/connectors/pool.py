"""A small connection pool with the semantics of ``pool:`` in connections.yaml.

``max_open`` bounds the connections that exist at once (idle plus in use); a caller
waits for a free one until its query's deadline. ``max_idle`` is how many idle
connections are kept for reuse; ``max_lifetime`` retires a connection after that many
seconds, whether idle or not (checked when it is handed out or given back).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

import attrs

from plotpress.domain.workspace import PoolSettings
from plotpress.ports.connector import DataSourceError, QueryTimeout

C = TypeVar("C")


@attrs.define
class Lease(Generic[C]):
    """A connection lent to one caller; ``discard()`` keeps it out of the pool afterwards."""

    conn: C
    created: float
    reusable: bool = True

    def discard(self) -> None:
        self.reusable = False


class Pool(Generic[C]):
    def __init__(
        self,
        opener: Callable[[float], C],
        closer: Callable[[C], None],
        settings: PoolSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``opener(seconds_left)`` connects within that time; ``closer`` must not raise."""
        self._opener = opener
        self._closer = closer
        self.max_open = max(1, settings.max_open)
        self._max_idle = max(0, settings.max_idle)
        self._max_lifetime = settings.max_lifetime
        self._clock = clock
        self._slots = threading.BoundedSemaphore(self.max_open)
        self._idle: deque[Lease[C]] = deque()
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def lease(self, deadline: float) -> Iterator[Lease[C]]:
        """Lend a connection until the block exits; wait for one until ``deadline``."""
        remaining = deadline - self._clock()
        if remaining <= 0 or not self._slots.acquire(timeout=remaining):
            raise QueryTimeout(
                f"no free connection within the timeout (pool.max_open = {self.max_open})"
            )
        try:
            lease = self._take()
            if lease is None:
                lease = Lease(self._opener(max(0.0, deadline - self._clock())), self._clock())
            try:
                yield lease
            finally:
                self._give_back(lease)
        finally:
            self._slots.release()

    def close(self) -> None:
        """Close idle connections now and those in use when they are given back."""
        with self._lock:
            self._closed = True
            idle, self._idle = list(self._idle), deque()
        for lease in idle:
            self._closer(lease.conn)

    def _take(self) -> Lease[C] | None:
        stale: list[Lease[C]] = []
        found: Lease[C] | None = None
        with self._lock:
            if self._closed:
                raise DataSourceError("the connection has been closed (workspace reloaded)")
            while self._idle and found is None:
                candidate = self._idle.pop()
                if self._expired(candidate):
                    stale.append(candidate)
                else:
                    found = candidate
        for lease in stale:
            self._closer(lease.conn)
        return found

    def _give_back(self, lease: Lease[C]) -> None:
        with self._lock:
            keep = (
                lease.reusable
                and not self._closed
                and not self._expired(lease)
                and len(self._idle) < self._max_idle
            )
            if keep:
                self._idle.append(lease)
        if not keep:
            self._closer(lease.conn)

    def _expired(self, lease: Lease[C]) -> bool:
        return self._clock() - lease.created >= self._max_lifetime
