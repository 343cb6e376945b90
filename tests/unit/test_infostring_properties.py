"""Properties of the plot info-string grammar."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plotpress.domain.infostring import format_info, parse_info

_NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,11}", fullmatch=True)
keys = st.one_of(_NAME, st.builds(lambda a, b: f"{a}.{b}", _NAME, _NAME))
values = st.text(max_size=30)
attributes = st.dictionaries(keys, values, max_size=6)


@given(attributes)
def test_parsing_a_formatted_info_string_gives_back_the_attributes(attrs_: dict[str, str]) -> None:
    assert parse_info(format_info(attrs_)) == attrs_


@given(attributes)
def test_formatting_keeps_attribute_order(attrs_: dict[str, str]) -> None:
    assert list(parse_info(format_info(attrs_))) == list(attrs_)


@given(attributes)
def test_the_formatted_text_is_canonical(attrs_: dict[str, str]) -> None:
    text = format_info(attrs_)

    assert format_info(parse_info(text)) == text


bare_values = st.from_regex(r'[^\s"\\]{1,12}', fullmatch=True)


@given(st.dictionaries(keys, bare_values, max_size=6), st.sampled_from([" ", "  ", "\t"]))
def test_extra_whitespace_between_bare_attributes_does_not_matter(
    attrs_: dict[str, str], gap: str
) -> None:
    spaced = format_info(attrs_).replace(" ", gap)

    assert parse_info(f"  {spaced}  ") == attrs_
