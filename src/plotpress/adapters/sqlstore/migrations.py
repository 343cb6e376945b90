"""Versioned schema scripts shipped as package data (``migrations/NNNN_name.sql``)."""

from __future__ import annotations

import re
from importlib import resources

import attrs

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@attrs.frozen
class Migration:
    """One schema step; ``version`` is the schema version once it has run."""

    version: int
    name: str
    script: str


def load_migrations(package: str) -> tuple[Migration, ...]:
    """The package's migrations in order; numbering must run 1, 2, 3… without gaps."""
    folder = resources.files(package).joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations of {package} are not numbered 1..n without gaps")
    return tuple(found)
