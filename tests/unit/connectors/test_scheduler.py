"""The shared deadline thread: calls run in time order, cancelled ones never."""

from __future__ import annotations

import os
import threading
import time

from plotpress.adapters.connectors.scheduler import Scheduler


def test_calls_run_in_deadline_order_and_cancelled_ones_do_not_run():
    scheduler = Scheduler()
    ran: list[str] = []
    done = threading.Event()
    now = time.monotonic()
    scheduler.call_at(now + 0.06, lambda: (ran.append("late"), done.set()))
    scheduler.call_at(now + 0.02, lambda: ran.append("early"))
    scheduler.call_at(now + 0.04, lambda: ran.append("cancelled")).cancel()
    scheduler.call_at(now - 1, lambda: ran.append("overdue"))
    assert done.wait(timeout=5)
    assert ran == ["overdue", "early", "late"]


def test_a_failing_call_does_not_stop_the_timer_thread():
    scheduler = Scheduler()
    done = threading.Event()
    scheduler.call_at(time.monotonic(), lambda: 1 / 0)
    scheduler.call_at(time.monotonic() + 0.01, done.set)
    assert done.wait(timeout=5)


def test_a_forked_child_gets_a_working_timer_thread_of_its_own():
    scheduler = Scheduler()
    warm = threading.Event()
    scheduler.call_at(time.monotonic(), warm.set)
    assert warm.wait(timeout=5)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's timer thread does not exist here
        fired = threading.Event()
        scheduler.call_at(time.monotonic(), fired.set)
        os.write(write, b"1" if fired.wait(timeout=5) else b"0")
        os._exit(0)
    os.close(write)
    assert os.read(read, 1) == b"1"
    os.waitpid(pid, 0)


def test_a_slow_call_does_not_delay_the_next_deadline():
    scheduler = Scheduler()
    release = threading.Event()
    on_time = threading.Event()
    now = time.monotonic()
    scheduler.call_at(now, lambda: release.wait(timeout=5))  # a cancel that hangs
    scheduler.call_at(now + 0.05, on_time.set)
    try:
        assert on_time.wait(timeout=1.0)
    finally:
        release.set()
