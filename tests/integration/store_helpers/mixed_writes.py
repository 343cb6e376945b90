"""One worker of test_store_concurrency: a fixed mix of small write transactions.

Usage: ``mixed_writes.py STORAGE_URL WORKER OPS``. Prints ``ready`` once connected,
waits for a line on stdin (so every worker starts together), runs OPS operations and
prints one JSON line describing what it wrote and every error it met.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from plotpress.adapters.store_factory import open_store
from plotpress.domain.audit import AuditEvent, Outcome
from plotpress.domain.identity import OtpCode, Session
from plotpress.ports.store import MetadataStore, StoreError

NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def operation(store: MetadataStore, worker: int, i: int, report: dict[str, list[object]]) -> None:
    email = f"w{worker}@example.com"
    kind = i % 4
    if kind == 0:
        with store.unit_of_work() as uow:
            uow.sessions.create(Session(f"w{worker}-s{i}", f"user-w{worker}", {}, NOW, NOW + HOUR))
        report["sessions"].append(f"w{worker}-s{i}")
    elif kind == 1 and (i // 4) % 2 == 0:
        with store.unit_of_work() as uow:
            if uow.sessions.delete(f"w{worker}-s{i - 1}"):
                report["deleted"].append(f"w{worker}-s{i - 1}")
    elif kind in (1, 2):
        code = OtpCode(f"w{worker}-c{i}", email, f"hash-{i}", NOW, NOW + HOUR)
        with store.unit_of_work() as uow:
            uow.otp_codes.issue(code)
        with store.unit_of_work() as uow:
            live = uow.otp_codes.begin_attempt(email, NOW, 5)
        report["attempts"].append(
            [code.id, live.id if live else None, live.attempts if live else 0]
        )
    else:
        event = AuditEvent(
            NOW,
            email,
            "sales",
            "index",
            "view",
            "v",
            "db",
            {"i": str(i)},
            1.0,
            1,
            False,
            Outcome.OK,
        )
        with store.unit_of_work() as uow:
            report["audit"].append(uow.audit.append(event))


def main(url: str, worker: int, ops: int) -> None:
    store = open_store(url)
    store.migrate()
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user(f"w{worker}@example.com", NOW, f"user-w{worker}")
    print("ready", flush=True)
    sys.stdin.readline()
    report: dict[str, list[object]] = {k: [] for k in ("sessions", "deleted", "attempts", "audit")}
    errors: list[str] = []
    for i in range(ops):
        try:
            operation(store, worker, i, report)
        except StoreError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    store.close()
    print(json.dumps({"errors": errors, **report}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
