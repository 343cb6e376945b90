"""Parameter types of query files and views: parsing, validation and canonical text.

A value reaches PlotPress either as text (an info-string default, a URL, a form field,
a ``-- @param`` default) or as a JSON scalar (the ``params`` object of ``/api/query``).
Each type accepts exactly the forms documented here and nothing else; ``format`` gives
the canonical text, and ``parse(format(v)) == v`` for every accepted value.

| type        | JSON form                         | text form                              |
|-------------|-----------------------------------|----------------------------------------|
| int         | integer, abs <= 2**53 - 1         | ``-?(0|[1-9][0-9]*)``, same range      |
| float       | finite number                     | decimal or exponent notation, finite   |
| string      | string (at most 4096 characters)  | any text (same limit)                  |
| date        | ``YYYY-MM-DD`` string, real date  | same                                   |
| timestamp   | RFC 3339 string with offset       | same (``T`` or space, ``Z`` or ±HH:MM) |
| bool        | true / false                      | ``true`` / ``false``                   |
| enum(a,b)   | one of the listed strings         | same                                   |
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Mapping

import attrs

ParamValue = int | float | str | bool | dt.date | dt.datetime

MAX_SAFE_INTEGER = 2**53 - 1
MAX_STRING_LENGTH = 4096
PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")

_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_DATE_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP_TEXT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,6})?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)
_ENUM_TEXT = re.compile(r"enum\((.*)\)", re.DOTALL)
_ENUM_CHOICE = re.compile(r"[A-Za-z0-9_.\-]+")


class ParamError(ValueError):
    """A parameter value or declaration that is not acceptable; ``reason`` says why."""

    def __init__(self, reason: str, *, name: str | None = None) -> None:
        super().__init__(f"{name}: {reason}" if name else reason)
        self.reason = reason
        self.name = name


class ParamKind(enum.Enum):
    INT = "int"
    FLOAT = "float"
    STRING = "string"
    DATE = "date"
    TIMESTAMP = "timestamp"
    BOOL = "bool"
    ENUM = "enum"


@attrs.frozen
class ParamType:
    """A declared parameter type; ``choices`` only for ``enum``."""

    kind: ParamKind
    choices: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str) -> ParamType:
        """Parse a type name as written in ``-- @param`` headers (``int``, ``enum(a,b)``)."""
        stripped = text.strip()
        enum_match = _ENUM_TEXT.fullmatch(stripped)
        if enum_match:
            choices = tuple(c.strip() for c in enum_match.group(1).split(","))
            if not choices or any(not _ENUM_CHOICE.fullmatch(c) for c in choices):
                raise ParamError(
                    f"enum choices must be non-empty words of letters, digits, '_', '.', '-': "
                    f"{stripped!r}"
                )
            if len(set(choices)) != len(choices):
                raise ParamError(f"enum choices must be distinct: {stripped!r}")
            return cls(ParamKind.ENUM, choices)
        try:
            kind = ParamKind(stripped)
        except ValueError:
            raise ParamError(
                f"unknown type {stripped!r}; expected one of int, float, string, date, "
                "timestamp, bool, enum(a,b,...)"
            ) from None
        if kind is ParamKind.ENUM:
            raise ParamError("enum needs its choices: enum(a,b,...)")
        return cls(kind)

    def __str__(self) -> str:
        if self.kind is ParamKind.ENUM:
            return f"enum({','.join(self.choices)})"
        return str(self.kind.value)

    def parse(self, raw: object) -> ParamValue:
        """Return the typed value for ``raw`` (text or a JSON scalar) or raise ParamError."""
        return _PARSERS[self.kind](self, raw)

    def format(self, value: ParamValue) -> str:
        """Canonical text of an accepted value; ``parse`` reads it back unchanged."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return repr(value)
        return str(value)


def _describe(raw: object) -> str:
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_int(_: ParamType, raw: object) -> int:
    if isinstance(raw, bool):
        raise ParamError("expected an integer, got a boolean")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _INT_TEXT.fullmatch(raw) and len(raw) <= 17:
        value = int(raw)
    else:
        raise ParamError(f"expected an integer, got {_describe(raw)}")
    if abs(value) > MAX_SAFE_INTEGER:
        raise ParamError(f"integer out of the safe range ±{MAX_SAFE_INTEGER}: {value}")
    return value


def _parse_float(_: ParamType, raw: object) -> float:
    if isinstance(raw, bool):
        raise ParamError("expected a number, got a boolean")
    text_ok = isinstance(raw, str) and len(raw) <= 64 and _FLOAT_TEXT.fullmatch(raw)
    if not (isinstance(raw, int | float) or text_ok):
        raise ParamError(f"expected a number, got {_describe(raw)}")
    try:
        value = float(raw)  # type: ignore[arg-type]
    except OverflowError:  # an integer too large for a double
        raise ParamError("expected a finite number") from None
    if not math.isfinite(value):
        raise ParamError("expected a finite number")
    return value


def _parse_string(_: ParamType, raw: object) -> str:
    if not isinstance(raw, str):
        raise ParamError(f"expected a string, got {_describe(raw)}")
    if len(raw) > MAX_STRING_LENGTH:
        raise ParamError(f"string longer than {MAX_STRING_LENGTH} characters")
    if "\x00" in raw:
        raise ParamError("string contains a NUL character")
    return raw


def _parse_date(_: ParamType, raw: object) -> dt.date:
    match = _DATE_TEXT.fullmatch(raw) if isinstance(raw, str) else None
    if not match:
        raise ParamError(f"expected a date as YYYY-MM-DD, got {_describe(raw)}")
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        raise ParamError(f"not a calendar date: {raw!r} ({exc})") from None


def _parse_timestamp(_: ParamType, raw: object) -> dt.datetime:
    match = _TIMESTAMP_TEXT.fullmatch(raw) if isinstance(raw, str) else None
    if not match:
        raise ParamError(
            f"expected an RFC 3339 timestamp like 2026-01-31T12:00:00Z, got {_describe(raw)}"
        )
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7)
    micro = int(fraction[1:].ljust(6, "0")) if fraction else 0
    if match.group(8):
        tz = dt.UTC
    else:
        sign = 1 if match.group(9) == "+" else -1
        off_h, off_m = int(match.group(10)), int(match.group(11))
        if off_h > 23 or off_m > 59:
            raise ParamError(f"bad UTC offset in {raw!r}")
        tz = dt.timezone(sign * dt.timedelta(hours=off_h, minutes=off_m))
    try:
        value = dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
        # The instant must exist in UTC too (0001-01-01T00:00:00+05:00 does not).
        value.astimezone(dt.UTC)
    except (ValueError, OverflowError) as exc:
        raise ParamError(f"not a valid timestamp: {raw!r} ({exc})") from None
    return value


def _parse_bool(_: ParamType, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw == "true":
        return True
    if raw == "false":
        return False
    raise ParamError(f"expected true or false, got {_describe(raw)}")


def _parse_enum(ptype: ParamType, raw: object) -> str:
    if isinstance(raw, str) and raw in ptype.choices:
        return raw
    raise ParamError(f"expected one of {', '.join(ptype.choices)}; got {_describe(raw)}")


_PARSERS: dict[ParamKind, Callable[[ParamType, object], ParamValue]] = {
    ParamKind.INT: _parse_int,
    ParamKind.FLOAT: _parse_float,
    ParamKind.STRING: _parse_string,
    ParamKind.DATE: _parse_date,
    ParamKind.TIMESTAMP: _parse_timestamp,
    ParamKind.BOOL: _parse_bool,
    ParamKind.ENUM: _parse_enum,
}


@attrs.frozen
class ParamDecl:
    """A parameter declared by a query file header: ``-- @param year int default 2026``."""

    name: str
    type: ParamType
    default: ParamValue | None = None


def parse_params(
    decls: Mapping[str, ParamDecl], raw: Mapping[str, object]
) -> dict[str, ParamValue]:
    """Validate ``raw`` against ``decls``: undeclared names are rejected, defaults applied.

    Raises ParamError naming the first offending parameter (in sorted order, so the
    message is stable). A parameter without a default and without a value is an error.
    """
    for name in sorted(raw):
        if name not in decls:
            raise ParamError("is not a declared parameter", name=name)
    values: dict[str, ParamValue] = {}
    for name in sorted(decls):
        decl = decls[name]
        if name in raw and raw[name] is not None:
            try:
                values[name] = decl.type.parse(raw[name])
            except ParamError as exc:
                raise ParamError(exc.reason, name=name) from None
        elif decl.default is not None:
            values[name] = decl.default
        else:
            raise ParamError("is required and has no default", name=name)
    return values


def canonical_params(values: Mapping[str, ParamValue]) -> tuple[tuple[str, str], ...]:
    """A stable, typed text form of validated values: sorted by name, type-tagged."""
    return tuple(
        (name, f"{type(value).__name__}:{_canonical_text(value)}")
        for name, value in sorted(values.items())
    )


def _canonical_text(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | str | int):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return repr(value)
