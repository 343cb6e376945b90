"""Startup checks on the SQLite library Python is linked against."""

from __future__ import annotations

import logging
import re
import sqlite3

_log = logging.getLogger(__name__)

Version = tuple[int, int, int]


def _parse(version: str) -> Version:
    parts = [int(p) for p in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    return parts[0], parts[1], parts[2]


def has_wal_reset_bug(version: str) -> bool:
    """Whether this SQLite release has the WAL-reset data race.

    https://sqlite.org/wal.html#walresetbug: a race between a checkpoint and a
    concurrent commit that resets the WAL can leave a wrong WAL-index header and
    later corrupt the database or lose committed writes. It needs WAL mode and two or
    more connections writing or checkpointing at once — exactly our multi-worker
    setup. Affected: 3.7.0 through 3.51.2. Fixed in 3.51.3 (and the withdrawn
    3.52.0) and in the backports 3.50.7 and 3.44.6 of those branches. Distributions
    may patch older releases without changing the version, so this is a warning, not
    a refusal.
    """
    v = _parse(version)
    if v < (3, 7, 0) or v >= (3, 51, 3):
        return False
    if (3, 50, 7) <= v < (3, 51, 0):
        return False
    return not (3, 44, 6) <= v < (3, 45, 0)


def sqlite_runtime_warnings(version: str | None = None) -> list[str]:
    """Operator-facing warnings about the linked SQLite (``sqlite3.sqlite_version``)."""
    version = version or sqlite3.sqlite_version
    warnings: list[str] = []
    if has_wal_reset_bug(version):
        warnings.append(
            f"SQLite {version} has the WAL-reset bug (https://sqlite.org/wal.html#walresetbug)"
            ": rare database corruption when several connections write and checkpoint at"
            " once. Upgrade the SQLite library to 3.51.3 or newer (or 3.50.7 / 3.44.6),"
            " or run one worker."
        )
    return warnings


def log_sqlite_runtime_warnings(version: str | None = None) -> list[str]:
    """Log each runtime warning (for the composition root at startup); returns them."""
    warnings = sqlite_runtime_warnings(version)
    for message in warnings:
        _log.warning(message)
    return warnings
