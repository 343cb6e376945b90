"""Randomness, injected: session tokens, one-time codes, ids."""

from __future__ import annotations

from typing import Protocol


class TokenFactory(Protocol):
    def token(self, nbytes: int = 32) -> str:
        """A URL-safe random token carrying ``nbytes`` random bytes (CSPRNG)."""
        ...

    def code(self, digits: int) -> str:
        """A numeric one-time code of exactly ``digits`` digits (CSPRNG, uniform)."""
        ...

    def new_id(self) -> str:
        """A new unique identifier (random, URL-safe)."""
        ...
