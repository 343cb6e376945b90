"""The info string of a plot fence: ``plot view=NAME params.year=2026 height=320``.

Attributes are ``key=value`` words separated by spaces; a value containing spaces or
quotes is written in double quotes with ``\\"`` and ``\\\\`` escapes. ``format_info``
is the inverse of ``parse_info``.
"""

from __future__ import annotations

import re

KEYWORD = "plot"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?")
_BARE_VALUE = re.compile(r'[^\s"\\]+')


class InfoStringError(ValueError):
    """An info string that does not parse; the message says where."""


def is_plot_info(info: str) -> bool:
    """True when a fence's info string starts with the ``plot`` keyword."""
    words = info.strip().split(maxsplit=1)
    return bool(words) and words[0] == KEYWORD


def parse_info(info: str) -> dict[str, str]:
    """Attributes of a plot info string, in order; duplicate keys are an error."""
    text = info.strip()
    if not is_plot_info(text):
        raise InfoStringError("a plot block's info string must start with 'plot'")
    pos = len(KEYWORD)
    attrs_: dict[str, str] = {}
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return attrs_
        key_match = _KEY.match(text, pos)
        if not key_match or key_match.end() >= len(text) or text[key_match.end()] != "=":
            word = text[pos:].split(maxsplit=1)[0]
            raise InfoStringError(f"expected key=value, got {word!r}")
        key = key_match.group(0)
        pos = key_match.end() + 1
        value, pos = _read_value(text, pos, key)
        if key in attrs_:
            raise InfoStringError(f"attribute {key!r} is given twice")
        attrs_[key] = value
        if pos < len(text) and not text[pos].isspace():
            raise InfoStringError(f"attribute {key!r}: expected a space after the value")


def _read_value(text: str, pos: int, key: str) -> tuple[str, int]:
    if pos < len(text) and text[pos] == '"':
        out: list[str] = []
        pos += 1
        while pos < len(text):
            char = text[pos]
            if char == "\\" and pos + 1 < len(text) and text[pos + 1] in '"\\':
                out.append(text[pos + 1])
                pos += 2
            elif char == '"':
                return "".join(out), pos + 1
            else:
                out.append(char)
                pos += 1
        raise InfoStringError(f"attribute {key!r}: unterminated quoted value")
    match = _BARE_VALUE.match(text, pos)
    if not match:
        raise InfoStringError(f"attribute {key!r} has an empty value")
    return match.group(0), match.end()


def format_info(attributes: dict[str, str]) -> str:
    """The canonical info string for ``attributes`` (inverse of :func:`parse_info`)."""
    parts = [KEYWORD]
    for key, value in attributes.items():
        if not _KEY.fullmatch(key):
            raise InfoStringError(f"not an attribute name: {key!r}")
        if _BARE_VALUE.fullmatch(value):
            parts.append(f"{key}={value}")
        else:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'{key}="{escaped}"')
    return " ".join(parts)
