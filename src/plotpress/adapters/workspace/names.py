"""Name rules of the workspace, with the messages that explain them."""

from __future__ import annotations

from plotpress.domain.workspace import IDENTIFIER, SAFE_NAME

SAFE_NAME_RULE = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
IDENTIFIER_RULE = "use letters, digits and '_', not starting with a digit"


def safe_name_problem(kind: str, name: str) -> str | None:
    """Why ``name`` cannot be a slug or page name (these become URL and file path parts)."""
    if SAFE_NAME.fullmatch(name):
        return None
    return f"{kind} name {name!r} is not allowed: {SAFE_NAME_RULE}"


def identifier_problem(kind: str, name: object) -> str | None:
    """Why ``name`` cannot name a connection, role, view or query."""
    if isinstance(name, str) and IDENTIFIER.fullmatch(name):
        return None
    return f"{kind} name {name!r} is not allowed: {IDENTIFIER_RULE}"
