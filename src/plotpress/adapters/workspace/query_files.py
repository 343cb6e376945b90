"""``queries/<name>.sql``: ``-- @param`` header lines and the SQL body using ``:name``.

Header grammar, one per line at the top of the file among other ``--`` comments::

    -- @param <name> <type> [default <value>]

``<type>`` is one of int, float, string, date, timestamp, bool, enum(a,b,...) (spaces
allowed inside the parentheses). A default may be quoted with ``'…'`` or ``"…"`` to
keep spaces; it is parsed by the declared type. Every ``:name`` the body uses must be
declared; ``::casts``, ``:=``, string literals, quoted identifiers and comments are
not placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.domain.params import PARAM_NAME, ParamDecl, ParamError, ParamType, ParamValue
from plotpress.domain.workspace import QueryFile, ViewDef

_PARAM_LINE = re.compile(r"--\s*@param\b(.*)")
_PARAM_FIELDS = re.compile(r"\s+(\S+)\s+(enum\s*\([^)]*\)|\S+)(?:\s+default\s+(.*?))?\s*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_SYNTAX = "expected '-- @param <name> <type> [default <value>]'"


def parse_query_file(name: str, text: str, *, file: str, problems: ProblemLog) -> QueryFile:
    """The query file's declarations and body; every mistake is logged, none raised."""
    lines = text.split("\n")
    decls: dict[str, ParamDecl] = {}
    declared: set[str] = set()  # includes broken declarations: their uses are not undeclared
    in_header = True
    body_start = len(lines)
    for number, raw_line in enumerate(lines, start=1):
        stripped = raw_line.strip()
        if in_header and stripped and not stripped.startswith("--"):
            in_header = False
            body_start = number - 1
        match = _PARAM_LINE.fullmatch(stripped)
        if match is None:
            continue
        if not in_header:
            problems.add(file, "@param lines belong in the header at the top", line=number)
            continue
        param_name, decl = _parse_decl(match.group(1), file=file, line=number, problems=problems)
        if param_name in declared:
            problems.add(file, "declared twice", line=number, key=f"params.{param_name}")
            continue
        if param_name is not None:
            declared.add(param_name)
        if decl is not None:
            decls[decl.name] = decl
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        problems.add(file, "has no SQL after its header")
    for placeholder, line in placeholders(text, first_line=body_start + 1, offset=body_start):
        if placeholder not in declared:
            problems.add(
                file,
                f"the SQL uses :{placeholder} but no '-- @param {placeholder} ...' declares it",
                line=line,
            )
    return QueryFile(name=name, params=decls, body=body, source=file)


def _parse_decl(
    rest: str, *, file: str, line: int, problems: ProblemLog
) -> tuple[str | None, ParamDecl | None]:
    """The declared name (if readable) and the declaration (if valid)."""
    fields = _PARAM_FIELDS.fullmatch(rest)
    if fields is None:
        problems.add(file, _PARAM_SYNTAX, line=line)
        return None, None
    name, type_text, default_text = fields.groups()
    key = f"params.{name}"
    if not PARAM_NAME.fullmatch(name):
        problems.add(file, "not a valid parameter name", line=line, key=key)
        return None, None
    try:
        ptype = ParamType.from_text(type_text)
    except ParamError as exc:
        problems.add(file, exc.reason, line=line, key=key)
        return name, None
    default: ParamValue | None = None
    if default_text is not None:
        try:
            default = ptype.parse(_unquote(default_text))
        except ParamError as exc:
            problems.add(file, f"bad default: {exc.reason}", line=line, key=key)
            return name, None
    return name, ParamDecl(name=name, type=ptype, default=default)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def placeholders(text: str, *, first_line: int = 1, offset: int = 0) -> Iterator[tuple[str, int]]:
    """``(name, line)`` of each ``:name`` placeholder in the SQL of ``text``.

    ``offset`` skips that many leading lines (the header); ``first_line`` is their number.
    """
    sql = "\n".join(text.split("\n")[offset:])
    pos, line, size = 0, first_line, len(sql)
    while pos < size:
        char = sql[pos]
        end = pos + 1
        if char in "'\"`":
            end = _after_quoted(sql, pos, char)
        elif sql.startswith("--", pos):
            end = sql.find("\n", pos)
            end = size if end < 0 else end
        elif sql.startswith("/*", pos):
            end = sql.find("*/", pos + 2)
            end = size if end < 0 else end + 2
        elif char == "$" and (tag := _DOLLAR_TAG.match(sql, pos)) and not _word_before(sql, pos):
            close = sql.find(tag.group(0), tag.end())
            end = size if close < 0 else close + len(tag.group(0))
        elif char == ":":
            if sql.startswith("::", pos) or sql.startswith(":=", pos):
                end = pos + 2
            elif (word := _WORD.match(sql, pos + 1)) and not _word_before(sql, pos):
                yield word.group(0), line
                end = word.end()
        line += sql.count("\n", pos, end)
        pos = end


def _after_quoted(sql: str, pos: int, quote: str) -> int:
    end = pos + 1
    while True:
        end = sql.find(quote, end)
        if end < 0:
            return len(sql)
        if sql.startswith(quote * 2, end):  # '' inside a literal is an escaped quote
            end += 2
            continue
        return end + 1


def _word_before(sql: str, pos: int) -> bool:
    return pos > 0 and (sql[pos - 1].isalnum() or sql[pos - 1] == "_")


def parse_view_file(name: str, text: str, *, file: str, problems: ProblemLog) -> ViewDef:
    """``views/<name>.sql``: the body of a view for file- or S3-backed connections."""
    body = text.strip()
    if not body:
        problems.add(file, "has no SQL")
    return ViewDef(name=name, body=body, source=file)
