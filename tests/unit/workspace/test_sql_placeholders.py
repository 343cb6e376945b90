"""Which ``:name`` in a query file's SQL counts as a placeholder."""

from __future__ import annotations

import pytest

from plotpress.adapters.workspace.query_files import placeholders


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT :a, :b_2", ["a", "b_2"]),
        ("SELECT x::int, y := 1", []),
        ("SELECT ':a', 'it''s :b', \"col:c\", `d:e`", []),
        ("SELECT 1 -- :a\n/* :b\n :c */ , :d", ["d"]),
        ("SELECT $$ :a $$, $tag$ :b $tag$, :c", ["c"]),
        ("SELECT ARRAY[1:2], ts:x", []),
    ],
)
def test_only_real_placeholders_are_found(sql: str, expected: list[str]) -> None:
    assert [name for name, _ in placeholders(sql)] == expected


def test_placeholders_carry_their_line() -> None:
    assert list(placeholders("SELECT\n 'a\nb'\n, :x", first_line=10)) == [("x", 13)]
