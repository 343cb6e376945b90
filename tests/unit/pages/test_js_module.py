"""Block bodies compile to ES modules that return the last top-level expression."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotpress.adapters.pages.js_module import HEADER, compile_block, split_statements


def statements(source: str) -> list[str]:
    return [source[s[0].start : s[-1].end] for s in split_statements(source)]


def returned(module: str) -> str:
    """The text between ``return (`` and the closing ``);`` of a compiled module."""
    assert module.startswith(HEADER)
    body = module.split("\nreturn (\n", 1)[1]
    return body.rsplit("\n);\n}", 1)[0]


def test_the_last_expression_is_returned_after_the_statements_before_it():
    module = compile_block("const x = data.filter((d) => d.y > 0);\nPlot.dot(x, {x: 'a'})\n")
    assert module.startswith(HEADER)
    assert "const x = data.filter((d) => d.y > 0);" in module
    assert returned(module) == "Plot.dot(x, {x: 'a'})"


def test_a_newline_ends_a_statement_where_javascript_would_insert_a_semicolon():
    assert statements("a = 1\nb = 2\nf(a, b)") == ["a = 1", "b = 2", "f(a, b)"]
    assert statements("x++\ny") == ["x++", "y"]
    assert statements("const s = 'a'\n`t`") == ["const s = 'a'\n`t`"]  # a tagged template


def test_a_line_that_continues_the_expression_stays_in_the_same_statement():
    source = "Plot.barY(data, {x: 'm'})\n  .plot({height: 200})\n"
    assert statements(source) == [source.strip()]
    assert statements("a\n+ b\n* c") == ["a\n+ b\n* c"]
    assert statements("f\n(1)") == ["f\n(1)"]  # as JavaScript reads it
    assert statements("x = cond\n  ? 1\n  : 2") == ["x = cond\n  ? 1\n  : 2"]


def test_newlines_inside_brackets_do_not_end_a_statement():
    source = "[\n  Plot.ruleY([0]),\n  Plot.lineY(data, {\n    x: 'day'\n  })\n]"
    assert statements(source) == [source]


def test_semicolons_inside_strings_comments_regexes_and_templates_do_not_split():
    source = "const a = ';'; // b; c\nconst r = /;/; const t = `;${';'}`\nr.test(a + t)"
    assert statements(source) == [
        "const a = ';';",
        "const r = /;/;",
        "const t = `;${';'}`",
        "r.test(a + t)",
    ]


def test_a_trailing_semicolon_and_comment_are_not_part_of_the_returned_expression():
    module = compile_block("Plot.dot(data, {x: 'a'}); // the chart\n")
    assert returned(module) == "Plot.dot(data, {x: 'a'})"


def test_an_object_with_marks_in_parentheses_is_returned():
    assert returned(compile_block("({marks: [Plot.dot(data)], height: 200})")) == (
        "({marks: [Plot.dot(data)], height: 200})"
    )


@pytest.mark.parametrize(
    "source",
    [
        "const chart = Plot.dot(data)",
        "let a = 1",
        "function f() { return 1 }",
        "async function f() { return 1 }",
        "class A {}",
        "if (data.length) { Plot.dot(data) }",
        "for (const d of data) { d.x = 1 }",
        "{ Plot.dot(data) }",
        "label: Plot.dot(data)",
    ],
)
def test_a_last_statement_that_is_not_an_expression_returns_undefined(source):
    module = compile_block(source)
    assert "return (" not in module
    assert module.endswith(";return undefined;\n}\n")
    assert source in module


def test_an_explicit_return_is_kept_as_written():
    module = compile_block("const m = Plot.dot(data)\nreturn m")
    assert "return m\n;return undefined;" in module


def test_an_async_arrow_function_is_an_expression():
    assert returned(compile_block("async (x) => x")) == "async (x) => x"


def test_an_empty_body_returns_undefined():
    assert compile_block("  // nothing\n") == HEADER + "return undefined;\n}\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Plot.dot(data, {x: 'a'}", "unclosed '('"),
        ("a)\n", "unbalanced ')'"),
        ("f('open\n)", "unterminated string"),
    ],
)
def test_unreadable_code_compiles_to_a_module_that_throws_a_syntax_error(source, message):
    module = compile_block(source)
    assert module.startswith(HEADER + "throw new SyntaxError(")
    thrown = json.loads(module.split("SyntaxError(", 1)[1].rsplit(");", 1)[0])
    assert message in thrown
    assert thrown.startswith("block code, line ")


def test_the_code_cannot_break_out_of_the_module_through_a_string():
    module = compile_block('"\\u0060}); alert(1); ({"')
    assert returned(module) == '"\\u0060}); alert(1); ({"'


# Expressions with awkward insides: strings and templates holding ; } ) and newlines.
_strings = st.text(max_size=12).map(json.dumps)
_atoms = st.one_of(
    st.from_regex(r"[a-z_$][a-z0-9_$]{0,6}", fullmatch=True).filter(
        lambda s: s not in {"in", "of", "do", "if", "for", "let", "new", "var", "try", "instanceof"}
    ),
    st.integers(0, 10**6).map(str),
    _strings,
    _strings.map(lambda s: "`${" + s + "}" + "".join(c for c in s if c not in '`$\\"') + "`"),
    st.just("/[;/]\\//g"),
)
_expressions = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: f"f({p[0]},\n {p[1]})"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} + {p[1]}"),
        inner.map(lambda x: f"({{ k: {x} }})"),
    ),
    max_leaves=6,
)


@given(
    st.lists(_expressions, min_size=1, max_size=5),
    st.lists(st.sampled_from([";", "\n", ";\n", " // c;\n", "\n/* ; */\n"]), min_size=5),
)
def test_statements_separated_by_semicolons_or_line_breaks_are_found_exactly(exprs, seps):
    lines = [("x = " if i % 2 else "") + e for i, e in enumerate(exprs)]
    # JavaScript inserts no semicolon before a line starting ( [ ` / + or -: keep ours.
    seps = [
        sep if sep.startswith(";") or not nxt.startswith(tuple("([`/+-")) else ";" + sep
        for sep, nxt in zip(seps, [*lines[1:], ""], strict=False)
    ]
    source = "".join(line + sep for line, sep in zip(lines, seps, strict=False))
    found = split_statements(source)
    assert len(found) == len(exprs)
    last = exprs[-1] if (len(exprs) - 1) % 2 == 0 else "x = " + exprs[-1]
    assert returned(compile_block(source)) == last
