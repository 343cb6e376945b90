"""``:name`` rewriting: placeholders where parameters are, nothing touched elsewhere."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotpress.domain.sqltext import SqlDialect, SqlTextError, Style, find_parameters, rewrite


@pytest.mark.parametrize(
    ("sql", "expected", "names"),
    [
        ("SELECT * FROM t WHERE a = :year", "SELECT * FROM t WHERE a = ?", ("year",)),
        ("SELECT :a, :b, :a", "SELECT ?, ?, ?", ("a", "b", "a")),
        ("SELECT ':not_me' || :me", "SELECT ':not_me' || ?", ("me",)),
        ("SELECT 'it''s :x' , :y", "SELECT 'it''s :x' , ?", ("y",)),
        ('SELECT ":col" FROM t', 'SELECT ":col" FROM t', ()),
        ("SELECT 1 -- :comment\n, :p", "SELECT 1 -- :comment\n, ?", ("p",)),
        ("SELECT /* :c /* nested */ :d */ :e", "SELECT /* :c /* nested */ ? */ ?", ("d", "e")),
        (
            "SELECT x::int FROM t WHERE d = :d::date",
            "SELECT x::int FROM t WHERE d = ?::date",
            ("d",),
        ),
        ("SELECT a := 1, :b", "SELECT a := 1, ?", ("b",)),
        ("SELECT arr[1:n]", "SELECT arr[1:n]", ()),
        ("SELECT '12:30'", "SELECT '12:30'", ()),
    ],
)
def test_rewriting_replaces_only_parameters(sql, expected, names):
    out = rewrite(sql, Style.QMARK)
    assert (out.sql, out.names) == (expected, names)


def test_postgres_nested_comments_and_dollar_quotes_are_left_alone():
    sql = "SELECT $$ :a $$, $tag$ :b $tag$, /* /* :c */ :d */ :e"
    out = rewrite(sql, Style.FORMAT, SqlDialect.POSTGRES)
    assert out.sql == "SELECT $$ :a $$, $tag$ :b $tag$, /* /* :c */ :d */ %s"
    assert out.names == ("e",)


def test_postgres_escape_strings_honour_backslash_quotes():
    out = rewrite(r"SELECT E'\' :x', :y", Style.FORMAT, SqlDialect.POSTGRES)
    assert out.names == ("y",)


def test_mysql_backslash_escapes_and_hash_comments_are_understood():
    out = rewrite("SELECT 'a\\' :x', `c:d` # :z\n, :y", Style.FORMAT, SqlDialect.MYSQL)
    assert out.names == ("y",)
    assert out.sql.endswith("# :z\n, %s")


def test_format_style_doubles_every_percent_sign():
    out = rewrite("SELECT * FROM t WHERE name LIKE 'a%' AND x % 2 = :n", Style.FORMAT)
    assert out.sql == "SELECT * FROM t WHERE name LIKE 'a%%' AND x %% 2 = %s"


def test_qmark_style_leaves_percent_signs_alone():
    assert rewrite("SELECT 'a%' , 5 % :n", Style.QMARK).sql == "SELECT 'a%' , 5 % ?"


@pytest.mark.parametrize("sql", ["SELECT 'open", 'SELECT "open', "SELECT /* open", "SELECT $a$ x"])
def test_unterminated_literals_are_errors_not_guesses(sql):
    dialect = SqlDialect.POSTGRES if "$" in sql else SqlDialect.GENERIC
    with pytest.raises(SqlTextError):
        rewrite(sql, Style.QMARK, dialect)


_idents = st.text(string.ascii_lowercase, min_size=1, max_size=8)
_literals = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="'\x00"), max_size=15
)
_fragments = st.one_of(
    _idents.map(lambda n: ("param", n)),
    _literals.map(lambda t: ("literal", t)),
    _idents.map(lambda n: ("ident", n)),
)


@given(st.lists(_fragments, max_size=8), st.sampled_from(list(SqlDialect)))
def test_parameters_are_found_exactly_and_literals_survive(fragments, dialect):
    parts, expected, literals = [], [], []
    for kind, text in fragments:
        if kind == "param":
            parts.append(f":{text}")
            expected.append(text)
        elif kind == "literal":
            body = text.replace("\\", "") if dialect is SqlDialect.MYSQL else text
            body = body.replace("$", "") if dialect is SqlDialect.POSTGRES else body
            parts.append(f"'{body}'")
            literals.append(f"'{body}'")
        else:
            parts.append(text)
    sql = "SELECT " + " , ".join(parts)
    out = rewrite(sql, Style.QMARK, dialect)
    assert out.names == tuple(expected)
    assert find_parameters(sql, dialect) == tuple(expected)
    for literal in literals:
        assert literal in out.sql
