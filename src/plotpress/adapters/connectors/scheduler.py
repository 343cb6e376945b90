"""One timer thread per process for every statement deadline.

A ``threading.Timer`` per statement costs a thread start per query; this scheduler keeps
a heap of deadlines served by a single daemon thread, started on first use and started
afresh in a forked child (a gunicorn worker), whose copy of the parent's thread is gone.
The calls themselves (cancelling a statement may mean a network round trip) run on a
small pool, so one slow cancel never delays another statement's deadline.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

RUNNERS = 4


class Handle:
    """A scheduled call; ``cancel`` stops it if it has not started."""

    __slots__ = ("_callback", "cancelled")

    def __init__(self, callback: Callable[[], None]) -> None:
        self._callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def run(self) -> None:
        if not self.cancelled:
            # A failing callback must not take the timer thread down with it.
            with contextlib.suppress(Exception):
                self._callback()


class Scheduler:
    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        # Fresh state in a forked child: a lock held by a parent thread at fork time
        # would stay locked forever, and the parent's timer thread does not exist here.
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Handle]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._runners = ThreadPoolExecutor(
            max_workers=RUNNERS, thread_name_prefix="plotpress-cancel"
        )

    def call_at(self, when: float, callback: Callable[[], None]) -> Handle:
        """Run ``callback`` on the timer thread at ``when`` (``time.monotonic`` seconds)."""
        handle = Handle(callback)
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="plotpress-deadlines", daemon=True
                )
                self._thread.start()
            heapq.heappush(self._heap, (when, next(self._seq), handle))
            self._cond.notify()
        return handle

    def _serve(self) -> None:
        cond, heap = self._cond, self._heap
        while True:
            with cond:
                while True:
                    while heap and heap[0][2].cancelled:
                        heapq.heappop(heap)
                    now = time.monotonic()
                    if heap and heap[0][0] <= now:
                        handle = heapq.heappop(heap)[2]
                        break
                    cond.wait(heap[0][0] - now if heap else None)
            self._runners.submit(handle.run)


SCHEDULER = Scheduler()
