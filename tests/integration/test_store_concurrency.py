"""Four processes writing at once: no lock errors, nothing lost (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plotpress.adapters.store_factory import open_store
from plotpress.domain.audit import AuditFilter
from plotpress.ports.store import MetadataStore
from tests.integration.store_helpers.mixed_writes import NOW
from tests.services import fresh_pg_database

HELPER = Path(__file__).parent / "store_helpers" / "mixed_writes.py"
WORKERS = 4
OPS = 500


@pytest.fixture(params=["sqlite", "postgres"])
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/meta.db"
    else:
        with fresh_pg_database("pp_concurrency") as dsn:
            yield dsn


def _run_workers(url: str) -> list[dict[str, Any]]:
    children = [
        subprocess.Popen(
            [sys.executable, str(HELPER), url, str(w), str(OPS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(WORKERS)
    ]
    try:
        for child in children:  # every worker connected and migrated before any starts
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        reports = []
        for child in children:
            out, _ = child.communicate(timeout=240)
            assert child.returncode == 0
            reports.append(json.loads(out))
        return reports
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


def _audit_ids(store: MetadataStore, user: str) -> list[int]:
    ids: list[int] = []
    cursor = None
    while True:
        with store.unit_of_work() as uow:
            page = uow.audit.query(AuditFilter(user=user), 200, cursor)
        ids += [e.id for e in page.events if e.id is not None]
        if (cursor := page.next_cursor) is None:
            return ids


def test_four_processes_of_mixed_writes_meet_no_lock_error_and_lose_nothing(
    storage_url: str, tmp_path: Path
) -> None:
    reports = _run_workers(storage_url)
    assert [r["errors"] for r in reports] == [[]] * WORKERS

    store = open_store(storage_url)
    try:
        for w, report in enumerate(reports):
            alive = set(report["sessions"]) - set(report["deleted"])
            assert len(report["deleted"]) > 0
            with store.unit_of_work() as uow:
                assert all(uow.sessions.get(t, NOW) for t in alive)
                assert not any(uow.sessions.get(t, NOW) for t in report["deleted"])
                last_code = report["attempts"][-1][0]
                live = uow.otp_codes.begin_attempt(f"w{w}@example.com", NOW, 5)
            # Each issue voided the previous code and its one attempt found the new one.
            assert all(issued == seen and n == 1 for issued, seen, n in report["attempts"])
            assert live is not None
            assert (live.id, live.attempts) == (last_code, 2)
            assert sorted(_audit_ids(store, f"w{w}@example.com")) == sorted(report["audit"])
        all_ids = [i for r in reports for i in r["audit"]]
        assert len(set(all_ids)) == len(all_ids) == WORKERS * OPS // 4
    finally:
        store.close()
