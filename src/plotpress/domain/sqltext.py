"""Rewriting ``:name`` parameters of query files into a driver's placeholders.

Values never enter the SQL text: the rewriter only replaces each ``:name`` token with the
driver's placeholder (``?`` or ``%s``) and returns the parameter names in the order they
are bound. A small tokenizer skips what must not be touched:

- string literals ``'...'`` (with ``''`` escapes; backslash escapes too in the MySQL
  dialect and in PostgreSQL ``E'...'`` strings), dollar-quoted strings ``$tag$...$tag$``;
- quoted identifiers ``"..."`` and `` `...` ``;
- comments ``-- ...``, ``/* ... */`` (nested, as PostgreSQL allows) and ``# ...`` (MySQL);
- PostgreSQL casts ``::type`` and assignments ``:=``.

In ``%s`` style every literal ``%`` is doubled, because the driver formats the whole text.
"""

from __future__ import annotations

import enum
import re

import attrs

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")


class Style(enum.Enum):
    QMARK = "?"
    FORMAT = "%s"


class SqlDialect(enum.Enum):
    GENERIC = "generic"  # sqlite, duckdb
    POSTGRES = "postgres"
    MYSQL = "mysql"


class SqlTextError(ValueError):
    """The SQL text is malformed in a way that makes rewriting unsafe."""


@attrs.frozen
class Rewritten:
    sql: str
    names: tuple[str, ...]  # one entry per placeholder, in order (repeats allowed)


def find_parameters(sql: str, dialect: SqlDialect = SqlDialect.GENERIC) -> tuple[str, ...]:
    """Names of ``:name`` parameters in order of appearance (repeats kept)."""
    return rewrite(sql, Style.QMARK, dialect).names


def rewrite(sql: str, style: Style, dialect: SqlDialect = SqlDialect.GENERIC) -> Rewritten:
    """Replace every ``:name`` outside literals and comments with ``style``'s placeholder."""
    out: list[str] = []
    names: list[str] = []
    i, n = 0, len(sql)
    percent = "%%" if style is Style.FORMAT else "%"
    while i < n:
        char = sql[i]
        nxt = sql[i + 1] if i + 1 < n else ""
        if char == "'":
            backslash = dialect is SqlDialect.MYSQL or _is_escape_string(sql, i, dialect)
            end = _end_of_quoted(sql, i, "'", backslash=backslash)
        elif char == '"':
            end = _end_of_quoted(sql, i, '"', backslash=dialect is SqlDialect.MYSQL)
        elif char == "`" and dialect is not SqlDialect.POSTGRES:
            end = _end_of_quoted(sql, i, "`", backslash=False)
        elif (char == "-" and nxt == "-") or (char == "#" and dialect is SqlDialect.MYSQL):
            newline = sql.find("\n", i)
            end = n if newline < 0 else newline
        elif char == "/" and nxt == "*":
            end = _end_of_block_comment(sql, i, nested=dialect is SqlDialect.POSTGRES)
        elif char == "$" and dialect is SqlDialect.POSTGRES and _DOLLAR_TAG.match(sql, i):
            end = _end_of_dollar_quoted(sql, i)
        elif char == ":" and nxt in (":", "="):
            out.append(char + nxt)
            i += 2
            continue
        elif char == ":" and (match := _NAME.match(sql, i + 1)) and not _after_name_char(sql, i):
            names.append(match.group(0))
            out.append(style.value)
            i = match.end()
            continue
        else:
            out.append(percent if char == "%" else char)
            i += 1
            continue
        out.append(sql[i:end].replace("%", percent))
        i = end
    return Rewritten("".join(out), tuple(names))


def _after_name_char(sql: str, i: int) -> bool:
    # "a:b" inside an identifier-like run (e.g. a PostgreSQL array slice arr[1:n] is fine
    # to rewrite, but "12:30" written bare is not a parameter): only treat ':' as a
    # parameter marker when it does not directly follow a word character.
    return i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")


def _is_escape_string(sql: str, i: int, dialect: SqlDialect) -> bool:
    return (
        dialect is SqlDialect.POSTGRES
        and i > 0
        and sql[i - 1] in "eE"
        and (i < 2 or not (sql[i - 2].isalnum() or sql[i - 2] == "_"))
    )


def _end_of_quoted(sql: str, start: int, quote: str, *, backslash: bool) -> int:
    i = start + 1
    while i < len(sql):
        if backslash and sql[i] == "\\":
            i += 2
            continue
        if sql[i] == quote:
            if i + 1 < len(sql) and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    raise SqlTextError(f"unterminated {quote}-quoted text starting at offset {start}")


def _end_of_block_comment(sql: str, start: int, *, nested: bool) -> int:
    depth, i = 1, start + 2
    while i < len(sql):
        if nested and sql.startswith("/*", i):
            depth += 1
            i += 2
        elif sql.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    raise SqlTextError(f"unterminated /* comment starting at offset {start}")


def _end_of_dollar_quoted(sql: str, start: int) -> int:
    match = _DOLLAR_TAG.match(sql, start)
    assert match is not None
    tag = match.group(0)
    close = sql.find(tag, match.end())
    if close < 0:
        raise SqlTextError(f"unterminated {tag} quoted text starting at offset {start}")
    return close + len(tag)
