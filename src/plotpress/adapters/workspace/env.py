"""``${VAR}`` expansion from an injected environment mapping.

Expansion applies to string values (never keys) of ``connections.yaml`` and
``plotpress.yaml``. ``$${`` writes a literal ``${``. A reference to a variable that is
not set is a problem naming the variable; values are never put into messages, because
they are typically DSNs and passwords.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from plotpress.adapters.workspace.yaml_source import Path_

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}|\$\{")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpansionError(ValueError):
    """A ``${...}`` reference that cannot be expanded; the message names no value."""


def expand(text: str, environ: Mapping[str, str]) -> str:
    """``text`` with every ``${NAME}`` replaced; raises ExpansionError for the first problem."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name = match.group(1)
        if name is None:
            raise ExpansionError("unterminated '${' (write '$${' for a literal '${')")
        if not _NAME.fullmatch(name):
            raise ExpansionError(f"'${{{name}}}' is not a valid variable reference")
        if name not in environ:
            raise ExpansionError(f"environment variable {name!r} is not set")
        return environ[name]

    return _REFERENCE.sub(replace, text)


def expand_tree(
    data: object, environ: Mapping[str, str], path: Path_ = ()
) -> tuple[object, list[tuple[Path_, str]]]:
    """A copy of ``data`` with every string value expanded, and (path, message) failures.

    A value that fails is kept as written (the reference, never a secret) so structuring
    can go on and report the file's other problems, without "dsn is required" echoes.
    """
    failures: list[tuple[Path_, str]] = []

    def walk(value: object, at: Path_) -> object:
        if isinstance(value, str):
            if "$" not in value:
                return value
            try:
                return expand(value, environ)
            except ExpansionError as exc:
                failures.append((at, str(exc)))
                return value
        if isinstance(value, dict):
            return {key: walk(item, (*at, str(key))) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, (*at, index)) for index, item in enumerate(value)]
        return value

    return walk(data, path), failures


def references(text: str) -> Iterator[str]:
    """Names of the variables ``text`` refers to (for diagnostics and docs)."""
    for match in _REFERENCE.finditer(text):
        if match.group(1) is not None and _NAME.fullmatch(match.group(1)):
            yield match.group(1)
