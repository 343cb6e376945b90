"""Reading the workspace's git commit from .git, without running git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plotpress.adapters.workspace.git import head_commit

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_a_folder_outside_any_repository_has_no_commit(tmp_path: Path):
    assert head_commit(tmp_path) is None


def test_a_symbolic_head_resolves_through_loose_and_packed_refs(tmp_path: Path):
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "packed-refs").write_text(f"# pack-refs with: peeled\n{SHA} refs/heads/main\n")
    workspace = tmp_path / "dashboards-repo" / "workspace"
    workspace.mkdir(parents=True)
    assert head_commit(workspace) == SHA
    other = SHA[::-1]
    (git / "refs" / "heads" / "main").write_text(other + "\n")
    assert head_commit(workspace) == other


def test_a_detached_head_and_a_worktree_file_are_understood(tmp_path: Path):
    real = tmp_path / "store.git" / "worktrees" / "w1"
    real.mkdir(parents=True)
    (real / "HEAD").write_text(SHA + "\n")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / ".git").write_text(f"gitdir: {real}\n")
    assert head_commit(checkout) == SHA


def test_the_commit_matches_what_git_itself_reports(tmp_path: Path):
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"]
    try:
        subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    except FileNotFoundError:
        pytest.skip("git is not installed")
    (tmp_path / "plotpress.yaml").write_text("listen: 127.0.0.1:8080\n")
    subprocess.run([*git, "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-qm", "x"], check=True)
    expected = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert head_commit(tmp_path) == expected
    subprocess.run(["git", "-C", str(tmp_path), "pack-refs", "--all"], check=True)
    assert head_commit(tmp_path) == expected
