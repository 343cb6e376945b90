"""Deterministic tokens, codes and ids for unit tests."""

from __future__ import annotations

import itertools

import attrs


@attrs.define
class SequentialTokens:
    prefix: str = "t"
    counter: itertools.count[int] = attrs.field(factory=lambda: itertools.count(1))
    codes: list[str] = attrs.field(factory=list)  # codes to hand out first, in order

    def token(self, nbytes: int = 32) -> str:
        return f"{self.prefix}tok{next(self.counter):0{nbytes}d}"

    def code(self, digits: int) -> str:
        if self.codes:
            return self.codes.pop(0)
        return f"{next(self.counter):0{digits}d}"[-digits:]

    def new_id(self) -> str:
        return f"{self.prefix}id{next(self.counter)}"
