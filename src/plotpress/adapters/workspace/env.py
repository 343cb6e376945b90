"""``${VAR}`` expansion from an injected environment mapping, in named places only.

A value that came from the environment is a secret (a DSN, a password, a key) and must
never reach a message. Messages about a value are only ever written for values that are
checked, so references are expanded only in values nothing checks against a list or a
form: ``dsn`` and ``path`` of ``connections.yaml`` and ``storage``, ``secret_key``,
``auth.oidc.client_secret`` and ``auth.email_otp.smtp`` of ``plotpress.yaml``. A
reference anywhere else is a problem naming the reference, not a value (otherwise
``driver: ${SECRET}`` would come back as ``unknown driver 'sk_live_…'``).

``$${`` writes a literal ``${`` in every value. A reference to a variable that is not
set is a problem naming the variable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping

from plotpress.adapters.workspace.yaml_source import Path_

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}|\$\{")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

CONNECTION_EXPANDED = ("dsn", "path")
"""Keys of one ``connections.yaml`` entry whose string value is expanded."""

SETTINGS_EXPANDED = (
    ("storage",),
    ("secret_key",),
    ("auth", "oidc", "client_secret"),
    ("auth", "email_otp", "smtp"),
)
"""Key paths of ``plotpress.yaml`` whose string value is expanded."""


class ExpansionError(ValueError):
    """A ``${...}`` reference that cannot be expanded; the message names no value."""


def expand(text: str, environ: Mapping[str, str]) -> str:
    """``text`` with every ``${NAME}`` replaced; raises ExpansionError for the first problem."""
    return _substitute(text, lambda name: _lookup(name, environ))


def literal(text: str, where: str) -> str:
    """``text`` where nothing is expanded: ``$${`` → ``${``; a reference is an error that
    says where ``${VAR}`` works (``where``, e.g. ``dsn and path``)."""

    def refuse(name: str) -> str:
        raise ExpansionError(
            f"'${{{name}}}' is only expanded in {where} (write '$${{' for a literal '${{')"
        )

    return _substitute(text, refuse)


def _lookup(name: str, environ: Mapping[str, str]) -> str:
    if name not in environ:
        raise ExpansionError(f"environment variable {name!r} is not set")
    return environ[name]


def _substitute(text: str, value_of: Callable[[str], str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name = match.group(1)
        if name is None:
            raise ExpansionError("unterminated '${' (write '$${' for a literal '${')")
        if not _NAME.fullmatch(name):
            raise ExpansionError(f"'${{{name}}}' is not a valid variable reference")
        return value_of(name)

    return _REFERENCE.sub(replace, text)


def expand_tree(
    data: object,
    environ: Mapping[str, str],
    *,
    expanded: Collection[Path_],
    where: str,
    path: Path_ = (),
) -> tuple[object, list[tuple[Path_, str]]]:
    """A copy of ``data`` with the string values at the ``expanded`` key paths (relative
    to ``data``) expanded and every other string value read by :func:`literal`, and the
    (path, message) failures.

    A value that fails is kept as written (the reference, never a secret) so structuring
    can go on and report the file's other problems; callers drop structuring's message
    about a path that already failed here.
    """
    failures: list[tuple[Path_, str]] = []
    targets = {tuple(target) for target in expanded}

    def text(value: str, at: Path_) -> str:
        try:
            if at[len(path) :] in targets:
                return expand(value, environ)
            return literal(value, where)
        except ExpansionError as exc:
            failures.append((at, str(exc)))
            return value

    def walk(value: object, at: Path_) -> object:
        if isinstance(value, str):
            return text(value, at) if "$" in value else value
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
