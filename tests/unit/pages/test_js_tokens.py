"""The block-code tokenizer: literals and comments never leak code-like characters."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotpress.adapters.pages.js_tokens import JsSyntaxError, Kind, tokenize


def kinds(source: str) -> list[tuple[Kind, str]]:
    return [(t.kind, t.text) for t in tokenize(source)]


def test_strings_keep_semicolons_braces_and_escaped_quotes_inside():
    assert kinds("""a = "x; } \\" ) '" + 'y; \\' {'""") == [
        (Kind.NAME, "a"),
        (Kind.PUNCT, "="),
        (Kind.STRING, '"x; } \\" ) \'"'),
        (Kind.PUNCT, "+"),
        (Kind.STRING, "'y; \\' {'"),
    ]


def test_a_template_literal_with_nested_substitutions_and_templates_is_one_token():
    source = '`a ${ {b: `c ${d + "}"} e`}.b } f` + 1'
    tokens = tokenize(source)
    assert tokens[0].kind is Kind.TEMPLATE
    assert tokens[0].text == source[: source.index(" + 1")]
    assert [t.text for t in tokens[1:]] == ["+", "1"]


def test_comments_are_skipped_and_a_multiline_comment_counts_as_a_line_break():
    tokens = tokenize("a // b; c\nd /* e;\n f */ g /* h */ i")
    assert [t.text for t in tokens] == ["a", "d", "g", "i"]
    assert [t.newline_before for t in tokens] == [False, True, True, False]


@pytest.mark.parametrize(
    ("source", "kind_of_slash"),
    [
        ("a / b / c", Kind.PUNCT),
        ("x = /;/g", Kind.REGEX),
        ("f(x) / 2", Kind.PUNCT),
        ("a[0] / 2", Kind.PUNCT),
        ("return /re/.test(s)", Kind.REGEX),
        ("[/a/, /b/]", Kind.REGEX),
        ("typeof /x/", Kind.REGEX),
        ("1 / 2", Kind.PUNCT),
        ("`t` / 2", Kind.PUNCT),
    ],
)
def test_a_slash_is_a_regex_or_a_division_by_the_token_before_it(source, kind_of_slash):
    slashes = [t for t in tokenize(source) if t.text.startswith("/")]
    assert slashes[0].kind is kind_of_slash


def test_a_regex_may_hold_a_slash_in_a_class_and_escaped_slashes():
    tokens = tokenize(r"s.replace(/[/;]\/x/gi, '')")
    regex = next(t for t in tokens if t.kind is Kind.REGEX)
    assert regex.text == r"/[/;]\/x/gi"


def test_numbers_include_decimals_exponents_separators_and_bigints():
    texts = [t.text for t in tokenize("1.5e-3 .5 0x1F 1_000 10n a?.5:b")]
    assert texts == ["1.5e-3", ".5", "0x1F", "1_000", "10n", "a", "?", ".5", ":", "b"]


def test_longest_punctuators_win():
    texts = [t.text for t in tokenize("a >>>= b ?? c?.d ... e => f === g")]
    assert ">>>=" in texts
    assert "??" in texts
    assert "?." in texts
    assert "..." in texts
    assert "=>" in texts
    assert "===" in texts


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ('a\nb = "open', 2, "unterminated string"),
        ("a\n\n`open ${x}", 3, "unterminated template literal"),
        ("a /* open", 1, "unterminated comment"),
        ("x = /open\n", 1, "unterminated regular expression"),
        ("`${ a `", 1, "unterminated template literal"),
    ],
)
def test_unterminated_literals_are_reported_with_their_line(source, line, what):
    with pytest.raises(JsSyntaxError) as caught:
        tokenize(source)
    assert caught.value.line == line
    assert what in str(caught.value)


@given(st.text())
def test_any_string_literal_content_is_one_string_token(content):
    literal = json.dumps(content)
    tokens = tokenize(f"x({literal})")
    assert [t.kind for t in tokens] == [Kind.NAME, Kind.PUNCT, Kind.STRING, Kind.PUNCT]
    assert tokens[2].text == literal


@given(st.text())
def test_tokenizing_arbitrary_text_ends_in_tokens_or_a_syntax_error(source):
    try:
        tokens = tokenize(source)
    except JsSyntaxError:
        return
    assert all(0 <= t.start < t.end <= len(source) for t in tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tokens))


def test_a_backslash_in_a_name_must_be_a_unicode_escape():
    assert [t.text for t in tokenize("a\\u0062c + x\\u{63}")] == ["a\\u0062c", "+", "x\\u{63}"]
    for source in ("A\\", "a\\x", "a\\u{62"):
        with pytest.raises(JsSyntaxError):
            tokenize(source)
