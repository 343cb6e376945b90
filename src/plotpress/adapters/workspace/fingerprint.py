"""A cheap change detector for a workspace directory: names, sizes and mtimes.

Used by ``serve --reload`` to notice edits without re-reading every file; a changed
fingerprint triggers a real ``load()``, which decides whether the change is usable.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def fingerprint(root: str | os.PathLike[str]) -> str:
    """A digest of every file's relative path, size and mtime under ``root`` (no .git)."""
    digest = hashlib.sha256()
    base = Path(root)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            try:
                stat = path.stat()
            except OSError:
                continue  # vanished between listing and stat: the next poll sees it
            rel = path.relative_to(base).as_posix()
            digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
