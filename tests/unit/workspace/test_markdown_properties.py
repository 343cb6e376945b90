"""Plot fences survive CommonMark: the attributes the author wrote are the ones loaded."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plotpress.adapters.workspace.markdown import make_parser, parse_page
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.domain.infostring import format_info, parse_info

_NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,11}", fullmatch=True)
keys = st.one_of(_NAME, st.builds(lambda a, b: f"{a}.{b}", _NAME, _NAME))
# One line, no backtick (CommonMark forbids it in a backtick fence's info string).
values = st.text(st.characters(exclude_characters="`\n\r", exclude_categories=["Cs"]), max_size=20)
attributes = st.dictionaries(keys, values, max_size=5)
PARSER = make_parser()


@given(attributes, st.integers(min_value=0, max_value=3))
def test_a_fence_info_string_reaches_the_loader_exactly_as_written(
    attrs_: dict[str, str], blank_lines: int
) -> None:
    text = "# Page\n" + "\n" * blank_lines + f"```{format_info(attrs_)}\nPlot.dot(data)\n```\n"
    problems = ProblemLog()

    page = parse_page(text, file="p.md", parser=PARSER, problems=problems)

    assert not problems
    assert [parse_info(f.info) for f in page.fences] == [attrs_]
    assert [f.line for f in page.fences] == [2 + blank_lines]
