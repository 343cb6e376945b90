"""Append audit events to a SQLite store forever, printing each id once it is committed.

Run by test_store_crash_safety, which SIGKILLs this process at a random moment: a
printed id is a promise that the event is durable.
"""

from __future__ import annotations

import datetime as dt
import sys

from plotpress.adapters.sqlite import SqliteStore
from plotpress.domain.audit import AuditEvent, Outcome


def main(path: str) -> None:
    store = SqliteStore(path)
    store.migrate()
    n = 0
    while True:
        n += 1
        event = AuditEvent(
            at=dt.datetime.now(dt.UTC),
            user="crash@example.com",
            dashboard="sales",
            page="index",
            kind="view",
            name="monthly_revenue",
            connection="warehouse",
            params={"n": str(n), "padding": "x" * (n % 500)},
            duration_ms=1.0,
            row_count=n,
            cached=False,
            outcome=Outcome.OK,
        )
        with store.unit_of_work() as uow:
            event_id = uow.audit.append(event)
        sys.stdout.write(f"{event_id}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
