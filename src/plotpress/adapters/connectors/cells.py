"""Result cells and column types made JSON-friendly, the same way for every driver.

Policy (docs/drivers.md): integers outside ±(2**53-1) become decimal strings so that a
browser never silently rounds them; decimals become floats (charts want numbers, and an
exact value can be had by casting to text in SQL); NaN and infinities become null.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence

from plotpress.ports.connector import JsonScalar

MAX_SAFE_INTEGER = 2**53 - 1

INTEGER = "integer"
NUMBER = "number"
STRING = "string"
BOOLEAN = "boolean"
DATE = "date"
TIMESTAMP = "timestamp"
JSON = "json"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def cell(value: object) -> JsonScalar:  # noqa: PLR0911 - one branch per kind of value
    """One result value as a JSON scalar (see the module docstring for the policy)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER else str(value)
    if isinstance(value, float | decimal.Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return iso_duration(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))
    return str(value)


def row(values: Iterable[object]) -> tuple[JsonScalar, ...]:
    return tuple(cell(value) for value in values)


def _plain(value: object) -> object:
    """A structure ``json.dumps`` accepts; big integers stay exact inside JSON text."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return cell(value)


def iso_duration(value: dt.timedelta) -> str:
    """ISO 8601 duration, e.g. ``P1DT2H3M4.5S``; negative durations get a leading ``-``."""
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    secs = f"{seconds}.{value.microseconds:06d}".rstrip("0").rstrip(".")
    time_part = "".join(
        f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M")) if amount
    ) + (f"{secs}S" if seconds or value.microseconds else "")
    days = f"{value.days}D" if value.days else ""
    if not days and not time_part:
        return "PT0S"
    return f"{sign}P{days}" + (f"T{time_part}" if time_part else "")


def infer_type(values: Sequence[object]) -> str:
    """A column type from the values themselves, for engines without declared types (SQLite).

    Text columns whose every value is an ISO date (or timestamp) are typed as such, which
    is how SQLite stores them; anything mixed or empty is ``string``.
    """
    present = [value for value in values if value is not None]
    kinds = {type(value) for value in present}
    if kinds and kinds <= {int}:
        return INTEGER
    if kinds and kinds <= {int, float}:
        return NUMBER
    if kinds == {str}:
        texts = [str(v) for v in present]
        if all(_ISO_DATE.fullmatch(t) for t in texts):
            return DATE
        if all(_ISO_TIMESTAMP.fullmatch(t) for t in texts):
            return TIMESTAMP
    return STRING
