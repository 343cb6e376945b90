"""The cell policy shared by every driver (pure: no engine needed)."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pytest

from plotpress.adapters.connectors.cells import cell, infer_type, iso_duration


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2**53 - 1, 2**53 - 1),
        (2**53, str(2**53)),
        (-(2**63), str(-(2**63))),
        (decimal.Decimal("12.50"), 12.5),
        (decimal.Decimal("NaN"), None),
        (decimal.Decimal("1e400"), None),
        (float("inf"), None),
        (float("nan"), None),
        (dt.date(2024, 2, 29), "2024-02-29"),
        (dt.datetime(2024, 2, 29, 10, tzinfo=dt.UTC), "2024-02-29T10:00:00+00:00"),
        (dt.time(10, 30), "10:30:00"),
        (dt.timedelta(days=1, hours=2, seconds=3.5), "P1DT2H3.5S"),
        (b"\x00\xff", "AP8="),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        ({"a": [1, float("nan")], "b": 2**60}, '{"a":[1,null],"b":1152921504606846976}'),
        (True, True),
    ],
)
def test_cells_are_json_friendly(value: object, expected: object):
    assert cell(value) == expected


def test_durations_are_iso_8601():
    assert iso_duration(dt.timedelta(0)) == "PT0S"
    assert iso_duration(-dt.timedelta(minutes=5)) == "-PT5M"


def test_untyped_columns_are_typed_by_their_values():
    assert infer_type([1, None, 2**60]) == "integer"
    assert infer_type([1, 2.5]) == "number"
    assert infer_type(["2024-01-31", None]) == "date"
    assert infer_type(["2024-01-31 10:00:00", "2024-01-31T10:00:00Z"]) == "timestamp"
    assert infer_type(["2024-01-31", "soon"]) == "string"
    assert infer_type([None]) == "string"
    assert infer_type([True, 1]) == "string"
