"""The git commit a workspace is checked out at, read from ``.git`` without running git.

Handles a plain ``.git`` directory, a ``.git`` file pointing elsewhere (worktrees, which
is how git-sync lays out its checkouts), symbolic and detached ``HEAD``, loose and
packed refs. The workspace may be a sub-folder of the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_MAX_DEPTH = 64


def _git_dir(start: Path) -> Path | None:
    for folder in [start, *start.parents][:_MAX_DEPTH]:
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                target = Path(text.removeprefix("gitdir:").strip())
                return target if target.is_absolute() else (folder / target).resolve()
            return None
    return None


def _common_dir(git_dir: Path) -> Path:
    # A worktree keeps HEAD itself but shares refs with the main repository.
    common = git_dir / "commondir"
    if common.is_file():
        return (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
    return git_dir


def _resolve_ref(git_dir: Path, ref: str) -> str | None:
    for base in (git_dir, _common_dir(git_dir)):
        loose = base / ref
        if loose.is_file():
            value = loose.read_text(encoding="utf-8").strip()
            return value if _SHA.fullmatch(value) else None
    packed = _common_dir(git_dir) / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8", errors="replace").splitlines():
            sha, _, name = line.partition(" ")
            if name == ref and _SHA.fullmatch(sha):
                return sha
    return None


def head_commit(workspace: Path) -> str | None:
    """The commit HEAD points at, or None when the workspace is not in a git checkout."""
    try:
        git_dir = _git_dir(workspace.resolve())
        if git_dir is None:
            return None
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if _SHA.fullmatch(head):
        return head
    if head.startswith("ref:"):
        try:
            return _resolve_ref(git_dir, head.removeprefix("ref:").strip())
        except OSError:
            return None
    return None
