"""Safe error messages: what the database said about the SQL, never how we reached it."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, unquote

_MAX_MESSAGE = 1000


def secret_forms(*secrets: str | None) -> tuple[str, ...]:
    """Each secret as written and as it would appear percent-encoded or decoded in a URL."""
    forms: set[str] = set()
    for secret in secrets:
        if secret:
            forms.update({secret, quote(secret, safe=""), unquote(secret)})
    return tuple(sorted(forms, key=len, reverse=True))


def scrub(message: str, secrets: Iterable[str]) -> str:
    """``message`` with every secret (DSN, password) replaced, one line, bounded length."""
    for secret in secrets:
        # Very short secrets would blank out ordinary words of the message.
        if len(secret) >= 3:
            message = message.replace(secret, "***")
    message = " ".join(message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    return message
