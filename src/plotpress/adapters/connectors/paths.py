"""Where a file-based data source lives: DSNs and folders relative to the workspace, and
the files no data source may be (PlotPress's own metadata database)."""

from __future__ import annotations

import os
from collections.abc import Collection

from plotpress.ports.connector import ConnectorConfigError

# SQLite's companions of a database file: what they hold is the database too.
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def resolve(path: str, workspace_root: str) -> str:
    """``path`` made absolute against ``workspace_root`` (``~`` is not expanded)."""
    joined = path if os.path.isabs(path) else os.path.join(workspace_root, path)
    return os.path.normpath(joined)


def strip_scheme(dsn: str, scheme: str) -> str:
    """``sqlite:///data.db`` → ``data.db``, ``sqlite:////abs.db`` → ``/abs.db`` (SQLAlchemy's
    convention); a DSN without the prefix is the path itself."""
    prefix = f"{scheme}:///"
    return dsn[len(prefix) :] if dsn.startswith(prefix) else dsn


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either is missing: only the names can match
        return False


def refuse_forbidden(path: str, forbidden: Collection[str], *, what: str) -> None:
    """Raise ConnectorConfigError if ``path`` is one of ``forbidden`` or its ``-wal``,
    ``-shm`` or ``-journal`` file: by name after symlinks, or as the same file (a hard
    link). ``what`` starts the message (``connection 'x'``); no path is repeated."""
    if not forbidden:
        return
    real = os.path.normcase(os.path.realpath(path))
    for guarded in forbidden:
        for suffix in _COMPANIONS:
            # The companion sits beside the name SQLite was given or beside its target.
            names = {os.path.realpath(guarded + suffix), os.path.realpath(guarded) + suffix}
            if any(real == os.path.normcase(n) or _same_file(path, n) for n in names):
                raise ConnectorConfigError(
                    f"{what}: the path points at PlotPress's own metadata database, "
                    "which no data source may read"
                )
