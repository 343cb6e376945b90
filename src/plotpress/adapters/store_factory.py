"""Choosing the metadata store from the ``storage`` setting."""

from __future__ import annotations

import os
from pathlib import Path

from plotpress.adapters.postgres import PostgresStore
from plotpress.adapters.sqlite import SqliteStore
from plotpress.ports.store import MetadataStore


def sqlite_path(url: str, base_dir: str = ".") -> Path:
    """The file a ``sqlite:///relative`` or ``sqlite:////absolute`` URL names."""
    rest = url.removeprefix("sqlite:///")
    if rest == url or not rest or rest == ":memory:":
        # The message repeats the scheme only: a storage URL may carry credentials.
        raise ValueError("storage URL of scheme 'sqlite' must be sqlite:///path or sqlite:////path")
    path = Path(rest)
    return path if path.is_absolute() else Path(base_dir) / path


def open_store(url: str, *, base_dir: str = ".", max_cache_entries: int = 10000) -> MetadataStore:
    """The store a storage URL selects; nothing is connected until first use.

    ``sqlite:///relative/path.db`` (relative to ``base_dir``), ``sqlite:////abs/path.db``,
    or ``postgresql://…`` / ``postgres://…``. The SQLite parent directory is created.
    """
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        path = sqlite_path(url, base_dir)
        os.makedirs(path.parent, exist_ok=True)
        return SqliteStore(path, max_cache_entries=max_cache_entries)
    if scheme in {"postgresql", "postgres"}:
        return PostgresStore(url, max_cache_entries=max_cache_entries)
    shown = scheme if scheme.isalnum() else "<none>"
    raise ValueError(f"unsupported storage scheme '{shown}': use sqlite:/// or postgresql://")
