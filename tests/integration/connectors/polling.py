"""Wait for a condition by polling with a deadline (tests never sleep to wait)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def eventually(check: Callable[[], bool], within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return True
        threading.Event().wait(0.02)
    return check()
