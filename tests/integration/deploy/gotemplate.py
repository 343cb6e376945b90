"""The subset of Go templates (as Helm uses them) that the PlotPress chart is written in.

Supported, and nothing else: ``{{ .Values.a.b }}``, ``{{ .Release.Name }}``,
``{{ .Chart.Name }}``; ``{{ . }}`` and ``{{ .field }}`` inside ``range``; ``if`` /
``else`` / ``end`` and ``range`` / ``end`` (nested); the functions ``quote`` and
``default``; ``{{-`` / ``-}}`` whitespace trimming; ``{{/* comments */}}``. Anything
else is a :class:`TemplateError`, which keeps the chart renderable without a helm binary.

Printing a missing value is an error too (Helm would print nothing), so a misspelt
value path fails a test instead of rendering an empty field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import attrs

_ACTION = re.compile(r"\{\{(-?)(.*?)(-?)\}\}", re.DOTALL)
_PATH = re.compile(r"\.(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_MISSING = object()


class TemplateError(Exception):
    """The template uses something outside the subset, or names a value that is not set."""


@attrs.frozen
class _Text:
    text: str


@attrs.frozen
class _Print:
    pipeline: str


@attrs.frozen
class _If:
    pipeline: str
    then: list[Any]
    otherwise: list[Any]


@attrs.frozen
class _Range:
    pipeline: str
    body: list[Any]


def render(source: str, context: Mapping[str, Any]) -> str:
    """``source`` rendered with ``context`` as ``.`` (``{"Values": …, "Release": …}``)."""
    nodes = _parse(_tokens(source))
    out: list[str] = []
    _emit(nodes, context, out)
    return "".join(out)


def _tokens(source: str) -> list[tuple[str, str]]:
    """("text", …) and ("action", …) tokens with ``{{-`` / ``-}}`` trimming applied."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    trim_next = False
    for match in _ACTION.finditer(source):
        text = source[pos : match.start()]
        if trim_next:
            text = text.lstrip()
        if match.group(1):
            text = text.rstrip()
        tokens.append(("text", text))
        tokens.append(("action", match.group(2).strip()))
        trim_next = bool(match.group(3))
        pos = match.end()
    tail = source[pos:]
    tokens.append(("text", tail.lstrip() if trim_next else tail))
    return tokens


def _parse(tokens: list[tuple[str, str]]) -> list[Any]:
    stack: list[tuple[str, Any, list[Any]]] = [("root", None, [])]
    for kind, value in tokens:
        body = stack[-1][2]
        if kind == "text":
            if value:
                body.append(_Text(value))
            continue
        if value.startswith("/*"):
            if not value.endswith("*/"):
                raise TemplateError(f"unterminated comment: {{{{{value}}}}}")
            continue
        keyword, _, rest = value.partition(" ")
        if keyword in ("if", "range"):
            stack.append((keyword, rest.strip(), []))
        elif keyword == "else":
            if rest.strip() or stack[-1][0] != "if":
                raise TemplateError(f"unsupported else: {{{{{value}}}}}")
            _, pipeline, then = stack.pop()
            stack.append(("else", (pipeline, then), []))
        elif keyword == "end":
            if len(stack) == 1:
                raise TemplateError("{{ end }} without an open block")
            block, arg, inner = stack.pop()
            if block == "if":
                node: Any = _If(arg, inner, [])
            elif block == "else":
                node = _If(arg[0], arg[1], inner)
            else:
                node = _Range(arg, inner)
            stack[-1][2].append(node)
        elif keyword in ("with", "define", "template", "include", "block"):
            raise TemplateError(f"outside the supported subset: {{{{{value}}}}}")
        else:
            body.append(_Print(value))
    if len(stack) != 1:
        raise TemplateError(f"{{{{ {stack[-1][0]} }}}} is never closed")
    return stack[0][2]


def _emit(nodes: list[Any], dot: Any, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, _Text):
            out.append(node.text)
        elif isinstance(node, _Print):
            out.append(_text(_pipeline(node.pipeline, dot), node.pipeline))
        elif isinstance(node, _If):
            chosen = node.then if _truthy(_pipeline(node.pipeline, dot)) else node.otherwise
            _emit(chosen, dot, out)
        else:
            items = _pipeline(node.pipeline, dot)
            if items is _MISSING or items is None:
                continue
            if not isinstance(items, list):
                raise TemplateError(f"range over a non-list: {node.pipeline}")
            for item in items:
                _emit(node.body, item, out)


def _pipeline(pipeline: str, dot: Any) -> Any:
    stages = _split_pipes(pipeline)
    value = _operand(stages[0], dot)
    for stage in stages[1:]:
        name, _, arg = stage.partition(" ")
        if name == "quote" and not arg.strip():
            value = json.dumps(_text(value, pipeline), ensure_ascii=False)
        elif name == "default" and arg.strip():
            fallback = _operand(arg.strip(), dot)
            value = value if _truthy(value) else fallback
        else:
            raise TemplateError(f"unsupported function {stage!r} in {{{{ {pipeline} }}}}")
    return value


def _split_pipes(pipeline: str) -> list[str]:
    parts: list[str] = []
    current = ""
    pos = 0
    while pos < len(pipeline):
        string = _STRING.match(pipeline, pos)
        if string:
            current += string.group(0)
            pos = string.end()
        elif pipeline[pos] == "|":
            parts.append(current.strip())
            current = ""
            pos += 1
        else:
            current += pipeline[pos]
            pos += 1
    parts.append(current.strip())
    if not all(parts):
        raise TemplateError(f"empty pipeline stage in {{{{ {pipeline} }}}}")
    return parts


def _operand(term: str, dot: Any) -> Any:
    if _STRING.fullmatch(term):
        return json.loads(term)
    if not _PATH.fullmatch(term):
        raise TemplateError(f"unsupported expression {term!r}")
    value = dot
    for part in term.strip(".").split(".") if term != "." else []:
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _truthy(value: Any) -> bool:
    return value is not _MISSING and value is not None and value not in (False, 0, "", [], {})


def _text(value: Any, where: str) -> str:
    if value is _MISSING or value is None:
        raise TemplateError(f"{{{{ {where} }}}} has no value")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TemplateError(f"{{{{ {where} }}}} is a {type(value).__name__}; print scalars only")
