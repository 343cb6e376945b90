"""SIGKILL never costs an acknowledged audit event nor the SQLite file's integrity."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

HELPER = Path(__file__).parent / "store_helpers" / "append_audit.py"
ROUNDS = 20


def _kill_after_acks(db: Path, acks_wanted: int) -> set[int]:
    """Run the appender, read ``acks_wanted`` acks, SIGKILL it; return every id it acked."""
    child = subprocess.Popen(
        [sys.executable, str(HELPER), str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    acked: set[int] = set()
    try:
        while len(acked) < acks_wanted:
            line = child.stdout.readline()
            if not line:
                child.wait()
                raise AssertionError(f"appender died on its own: {child.stderr.read()}")  # type: ignore[union-attr]
            acked.add(int(line))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # Lines the child wrote before it died were acknowledged too; a torn last line
        # (no newline) was not.
        for line in child.stdout.read().splitlines(keepends=True):
            if line.endswith("\n"):
                acked.add(int(line))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
    return acked


def test_every_acknowledged_event_survives_twenty_sigkills_and_the_file_stays_sound(
    tmp_path: Path,
) -> None:
    seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    db = tmp_path / "meta.db"
    acked: set[int] = set()
    for _ in range(ROUNDS):
        acked |= _kill_after_acks(db, rng.randint(1, 80))

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {seed}"
        stored = {row[0] for row in conn.execute("SELECT id FROM audit_log")}
    missing = acked - stored
    assert not missing, f"seed {seed}: acknowledged but lost: {sorted(missing)[:20]}"
    assert len(acked) >= ROUNDS
