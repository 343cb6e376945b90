"""Audit appends per second: SqliteStore next to a bare sqlite3 loop, FULL and NORMAL.

Each append is its own transaction, as in the server (one audit row per query request).
The bare loop uses the same pragmas, the same table (created by the store's own
migration) and pre-encoded values, so the ratio is the adapter's own overhead:
unit-of-work bookkeeping, encoding and error translation.

    .venv/bin/python benchmarks/store_audit_append.py [--events 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from plotpress.adapters.sqlite import SqliteStore
from plotpress.domain.audit import AuditEvent, Outcome

NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
EVENT = AuditEvent(
    at=NOW,
    user="ada@example.com",
    dashboard="sales",
    page="revenue",
    kind="view",
    name="monthly_revenue",
    connection="warehouse",
    params={"year": "2026", "region": "EMEA"},
    duration_ms=12.5,
    row_count=42,
    cached=False,
    outcome=Outcome.OK,
)
INSERT = (
    "INSERT INTO audit_log (at, actor, dashboard, page, kind, name, connection_name, params,"
    " duration_ms, row_count, cached, outcome, error, fallback, workspace_version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def store_rate(path: Path, synchronous: str, events: int) -> float:
    store = SqliteStore(path, synchronous=synchronous)
    store.migrate()
    started = time.perf_counter()
    for _ in range(events):
        with store.unit_of_work() as uow:
            uow.audit.append(EVENT)
    elapsed = time.perf_counter() - started
    store.close()
    return events / elapsed


def bare_rate(path: Path, synchronous: str, events: int) -> float:
    SqliteStore(path).migrate()  # the same table shape, created once
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    at = (NOW - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    row = (
        at,
        "ada@example.com",
        "sales",
        "revenue",
        "view",
        "monthly_revenue",
        "warehouse",
        json.dumps({"region": "EMEA", "year": "2026"}),
        12.5,
        42,
        0,
        "ok",
        None,
        0,
        None,
    )
    started = time.perf_counter()
    for _ in range(events):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(INSERT, row)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return events / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N, runs interleaved")
    parser.add_argument("--dir", help="where to put the databases (default: a temp dir)")
    args = parser.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}, {args.events} appends, best of {args.repeat}")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        best: dict[tuple[str, str], float] = {}
        for n in range(args.repeat):
            for sync in ("FULL", "NORMAL"):
                for kind, run in (("store", store_rate), ("bare", bare_rate)):
                    rate = run(Path(tmp) / f"{kind}-{sync}-{n}.db", sync, args.events)
                    best[(kind, sync)] = max(best.get((kind, sync), 0.0), rate)
    print(f"{'synchronous':<12}{'SqliteStore/s':>15}{'bare sqlite3/s':>16}{'store/bare':>12}")
    for sync in ("FULL", "NORMAL"):
        store, bare = best[("store", sync)], best[("bare", sync)]
        print(f"{sync:<12}{store:>15,.0f}{bare:>16,.0f}{store / bare:>12.2f}")
    full, normal = best[("store", "FULL")], best[("store", "NORMAL")]
    print(f"SqliteStore FULL/NORMAL: {full / normal:.2f}")


if __name__ == "__main__":
    main()
