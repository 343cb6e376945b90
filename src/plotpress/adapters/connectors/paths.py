"""Where a file-based data source lives: DSNs and folders relative to the workspace."""

from __future__ import annotations

import os


def resolve(path: str, workspace_root: str) -> str:
    """``path`` made absolute against ``workspace_root`` (``~`` is not expanded)."""
    joined = path if os.path.isabs(path) else os.path.join(workspace_root, path)
    return os.path.normpath(joined)


def strip_scheme(dsn: str, scheme: str) -> str:
    """``sqlite:///data.db`` → ``data.db``, ``sqlite:////abs.db`` → ``/abs.db`` (SQLAlchemy's
    convention); a DSN without the prefix is the path itself."""
    prefix = f"{scheme}:///"
    return dsn[len(prefix) :] if dsn.startswith(prefix) else dsn
