"""Cancel a running statement when its deadline passes.

The interrupt runs under a lock that ``__exit__`` also takes, so a connection is never
given back to the pool while a late interrupt is still being delivered to it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from types import TracebackType

from plotpress.adapters.connectors.scheduler import SCHEDULER, Handle

REPEAT = 0.25


class Watchdog:
    def __init__(self, deadline: float, interrupt: Callable[[], None], *, grace: float = 0.0):
        """Call ``interrupt`` at ``deadline + grace`` unless the block has exited.

        ``grace`` leaves room for the server's own timeout to act first: the client-side
        interrupt is then the backstop for a server that does not answer.
        """
        self.deadline = deadline
        self._interrupt = interrupt
        self._lock = threading.Lock()
        self._done = False
        self.fired = False
        self._when = deadline + grace
        self._timer: Handle | None = None

    def __enter__(self) -> Watchdog:
        self._timer = SCHEDULER.call_at(self._when, self.fire)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._done = True
            if self._timer is not None:
                self._timer.cancel()

    def fire(self) -> None:
        """Interrupt now (the timer, or shutdown via ``cancel_all``), and again every
        ``REPEAT`` seconds until the statement has returned."""
        with self._lock:
            if self._done:
                return
            self.fired = True
            # A failed interrupt shows as the statement's own outcome; nothing to add here.
            with contextlib.suppress(Exception):
                self._interrupt()
            # An interrupt that lands just before the statement starts is lost (SQLite and
            # DuckDB only stop what is running), so repeat it until the block exits.
            if self._timer is not None:
                self._timer.cancel()
            self._timer = SCHEDULER.call_at(time.monotonic() + REPEAT, self.fire)

    @property
    def expired(self) -> bool:
        """The deadline has passed or the statement was interrupted."""
        return self.fired or time.monotonic() >= self.deadline
