"""Reading workspace files: a size limit, UTF-8 only, nothing outside the root, one digest.

Every file the loader reads goes through :class:`WorkspaceFiles`, so the workspace
version is a digest over exactly the bytes that shaped the loaded model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from plotpress.adapters.workspace.problems import ProblemLog

MAX_FILE_BYTES = 1024 * 1024
"""Workspace files are hand-written; anything bigger is a mistake or an attack."""

VERSION_LENGTH = 12


class WorkspaceFiles:
    """The files under one workspace root, addressed by forward-slash relative paths."""

    def __init__(self, root: Path, problems: ProblemLog) -> None:
        self.root = root
        self._resolved_root = root.resolve()
        self._problems = problems
        self._digest = hashlib.sha256()

    def path(self, rel: str) -> Path:
        return self.root / rel

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def is_inside(self, path: Path) -> bool:
        """False for a symlink (or parent symlink) that leads out of the workspace."""
        return path.resolve().is_relative_to(self._resolved_root)

    def read(self, rel: str) -> str | None:
        """The file's text, or None after recording why it cannot be used."""
        path = self.path(rel)
        if not self.is_inside(path):
            self._problems.add(rel, "points outside the workspace (symlink)")
            return None
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            self._problems.add(rel, f"cannot be read: {exc.strerror or type(exc).__name__}")
            return None
        if len(data) > MAX_FILE_BYTES:
            self._problems.add(rel, f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
            return None
        self._digest.update(rel.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self._problems.add(rel, "is not valid UTF-8", line=line)
            return None
        # A BOM is invisible in editors; it must not become part of a key or a title.
        return text.removeprefix("\ufeff").replace("\r\n", "\n")

    def version(self) -> str:
        """A stable digest of every (path, bytes) read so far, in reading order."""
        return self._digest.hexdigest()[:VERSION_LENGTH]
