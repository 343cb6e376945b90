"""Durations as written in the workspace: ``30s``, ``10m``, ``1h``, ``7d``, ``250ms``."""

from __future__ import annotations

import math
import re

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


class DurationError(ValueError):
    """A duration string that does not parse."""


def parse_duration(text: str | int | float) -> float:
    """Return seconds for ``text``.

    Accepts a bare non-negative number of seconds or a sequence of number+unit parts
    (``1h30m``). Units: ms, s, m, h, d.
    """
    if isinstance(text, bool):
        raise DurationError(f"expected a duration like '30s', got {text!r}")
    if isinstance(text, int | float):
        if not math.isfinite(text) or text < 0:
            raise DurationError(f"expected a non-negative duration, got {text!r}")
        return float(text)
    stripped = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", stripped):
        return float(stripped)
    pos, total = 0, 0.0
    for match in _PART.finditer(stripped):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if pos != len(stripped) or not stripped:
        raise DurationError(f"expected a duration like '30s', '10m', '1h' or '1h30m', got {text!r}")
    return total


def format_duration(seconds: float) -> str:
    """Format seconds compactly (inverse of :func:`parse_duration` for whole units)."""
    for unit in ("d", "h", "m", "s"):
        size = _UNITS[unit]
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{round(seconds * 1000)}ms"
