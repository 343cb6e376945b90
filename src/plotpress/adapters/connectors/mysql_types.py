"""MySQL/MariaDB result types: PyMySQL conversions and the port's type names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pymysql import converters
from pymysql.constants import FIELD_TYPE

from plotpress.adapters.connectors import cells

_BY_FIELD_TYPE = {
    **dict.fromkeys(
        (
            FIELD_TYPE.TINY,
            FIELD_TYPE.SHORT,
            FIELD_TYPE.LONG,
            FIELD_TYPE.LONGLONG,
            FIELD_TYPE.INT24,
            FIELD_TYPE.YEAR,
            FIELD_TYPE.BIT,
        ),
        cells.INTEGER,
    ),
    **dict.fromkeys(
        (FIELD_TYPE.DECIMAL, FIELD_TYPE.NEWDECIMAL, FIELD_TYPE.FLOAT, FIELD_TYPE.DOUBLE),
        cells.NUMBER,
    ),
    **dict.fromkeys((FIELD_TYPE.DATE, FIELD_TYPE.NEWDATE), cells.DATE),
    **dict.fromkeys((FIELD_TYPE.TIMESTAMP, FIELD_TYPE.DATETIME), cells.TIMESTAMP),
    FIELD_TYPE.JSON: cells.JSON,
}


def column_type(field_type: int) -> str:
    return _BY_FIELD_TYPE.get(field_type, cells.STRING)


def _utc_timestamp(text: str) -> object:
    # TIMESTAMP holds an instant and the session's time_zone is UTC: say so in the value.
    value = converters.convert_datetime(text)
    return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) else value


def _identity(text: str) -> str:
    return text


CONVERSIONS: dict[Any, Callable[..., object]] = {
    **converters.conversions,
    FIELD_TYPE.BIT: lambda data: int.from_bytes(data, "big"),
    FIELD_TYPE.TIMESTAMP: _utc_timestamp,
    # A time of day reads better as "10:30:00" than as the duration PyMySQL would make.
    FIELD_TYPE.TIME: _identity,
}


def bind(value: object) -> object:
    """PyMySQL drops a datetime's offset; send the UTC wall time, the session's zone."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value
