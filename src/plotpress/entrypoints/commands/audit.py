"""``plotpress audit export``: the audit log as CSV or JSON lines, newest first."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from plotpress.domain.audit import AuditFilter, Outcome
from plotpress.domain.params import ParamError, ParamKind, ParamType
from plotpress.entrypoints.audit_format import event_to_json, events_to_csv
from plotpress.entrypoints.runtime import Runtime

PAGE = 1000
_TIMESTAMP = ParamType(ParamKind.TIMESTAMP)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write audit events to stdout")
    export.add_argument("workspace", nargs="?", default=None, help="workspace directory")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--since", help="RFC 3339 timestamp (inclusive)")
    export.add_argument("--until", help="RFC 3339 timestamp (exclusive)")
    export.add_argument("--dashboard")
    export.add_argument("--user")
    export.add_argument("--outcome", choices=[o.value for o in Outcome])


def _instant(text: str | None, flag: str) -> object:
    if text is None:
        return None
    try:
        return _TIMESTAMP.parse(text)
    except ParamError as exc:
        raise SystemExit(f"{flag}: {exc.reason}") from None


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    flt = AuditFilter(
        since=_instant(args.since, "--since"),  # type: ignore[arg-type]
        until=_instant(args.until, "--until"),  # type: ignore[arg-type]
        dashboard=args.dashboard,
        user=args.user,
        outcome=Outcome(args.outcome) if args.outcome else None,
    )
    store = Runtime.from_env(args.workspace).store
    cursor: str | None = None
    first = True
    while True:
        with store.unit_of_work() as uow:
            page = uow.audit.query(flt, PAGE, cursor)
        if args.format == "csv":
            out.write(events_to_csv(page.events, header=first))
        else:
            for event in page.events:
                out.write(json.dumps(event_to_json(event), ensure_ascii=False) + "\n")
        first = False
        cursor = page.next_cursor
        if cursor is None:
            break
    store.close()
    return 0
