"""Turning a ```` ```plot ```` fence into a :class:`Block`, checked against its dashboard.

Attribute problems carry the attribute as their key (``connection``, ``params.year``);
problems of the block as a whole carry none. Lines are the fence's opening line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs

from plotpress.adapters.workspace.markdown import PlotFence
from plotpress.adapters.workspace.names import identifier_problem
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.domain.infostring import InfoStringError, parse_info
from plotpress.domain.params import ParamError
from plotpress.domain.workspace import Block, QueryFile, TargetKind

MAX_HEIGHT = 10_000
_PLAIN_KEYS = ("view", "query", "connection", "height", "class", "title")
_ATTRIBUTES_RULE = "expected view, query, connection, params.NAME, height, class or title"


class _Report(Protocol):
    def __call__(self, message: str, key: str = "") -> None: ...


@attrs.frozen
class BlockContext:
    """What a block is checked against: the names its dashboard declares."""

    folder: str  # "dashboards/sales"
    connections: frozenset[str] | None  # None: connections.yaml is broken, don't check
    default_connection: str | None
    default_known: bool  # False when dashboard.yaml is broken: don't guess at its default
    query_files: frozenset[str]  # names present on disk, parsed or not
    queries: Mapping[str, QueryFile]  # the ones that parsed


def build_block(
    fence: PlotFence, index: int, *, file: str, context: BlockContext, problems: ProblemLog
) -> Block | None:
    """The block, or None when any of its problems (all logged) makes it unusable."""
    found = len(problems)

    def problem(message: str, key: str = "") -> None:
        problems.add(file, message, line=fence.line, key=key)

    try:
        attributes = parse_info(fence.info)
    except InfoStringError as exc:
        problem(f"invalid plot attributes: {exc}")
        return None
    params: dict[str, str] = {}
    for key, value in attributes.items():
        if key.startswith("params."):
            params[key.removeprefix("params.")] = value
        elif key not in _PLAIN_KEYS:
            problem(f"unknown attribute ({_ATTRIBUTES_RULE})", key)
    view, query = attributes.get("view"), attributes.get("query")
    kind, name = (TargetKind.VIEW, view) if view is not None else (TargetKind.QUERY, query)
    if view is not None and query is not None:
        problem("a plot block takes exactly one of view= or query=, not both")
    elif name is None:
        problem("a plot block needs view=NAME or query=NAME")
    elif invalid := identifier_problem(kind.value, name):
        problem(invalid, kind.value)
    elif kind is TargetKind.QUERY:
        _check_query(name, params, context=context, problem=problem)
    connection = attributes.get("connection")
    _check_connection(connection, context=context, problem=problem)
    height = _height(attributes.get("height"), problem)
    if not fence.code.strip():
        problem("a plot block needs code, e.g. Plot.barY(data, {x: 'month', y: 'revenue'})")
    if len(problems) > found or name is None:
        return None
    return Block(
        index=index,
        kind=kind,
        name=name,
        code=fence.code,
        line=fence.line,
        connection=connection,
        params=params,
        height=height,
        css_class=attributes.get("class"),
        title=attributes.get("title"),
    )


def _check_query(
    name: str, params: Mapping[str, str], *, context: BlockContext, problem: _Report
) -> None:
    if name not in context.query_files:
        problem(
            f"query file {name!r} does not exist (no {context.folder}/queries/{name}.sql)",
            "query",
        )
        return
    query = context.queries.get(name)
    if query is None:
        return  # its own problems are already reported on the query file
    for key, value in params.items():
        decl = query.params.get(key)
        if decl is None:
            problem(f"query {name!r} declares no parameter {key!r}", f"params.{key}")
            continue
        try:
            decl.type.parse(value)
        except ParamError as exc:
            problem(exc.reason, f"params.{key}")


def _check_connection(connection: str | None, *, context: BlockContext, problem: _Report) -> None:
    if connection is None:
        if context.default_connection is None and context.default_known:
            problem(
                "the block names no connection and dashboard.yaml sets no default 'connection'",
                "connection",
            )
    elif context.connections is not None and connection not in context.connections:
        problem(
            f"connection {connection!r} is not defined in {context.folder}/connections.yaml",
            "connection",
        )


def _height(text: str | None, problem: _Report) -> int | None:
    if text is None:
        return None
    if not text.isdigit() or not 0 < int(text) <= MAX_HEIGHT:
        problem(f"expected a number of pixels from 1 to {MAX_HEIGHT}, got {text!r}", "height")
        return None
    return int(text)
