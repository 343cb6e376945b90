"""Audit events as JSON objects and CSV rows (``GET /admin/audit``, ``plotpress audit export``)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from plotpress.domain.audit import AuditEvent

FIELDS = (
    "id", "at", "user", "dashboard", "page", "kind", "name", "connection", "params",
    "duration_ms", "row_count", "cached", "outcome", "error", "fallback", "workspace_version",
)  # fmt: skip


def event_to_json(event: AuditEvent) -> dict[str, object]:
    return {
        "id": event.id,
        "at": event.at.isoformat(),
        "user": event.user,
        "dashboard": event.dashboard,
        "page": event.page,
        "kind": event.kind,
        "name": event.name,
        "connection": event.connection,
        "params": dict(event.params),
        "duration_ms": event.duration_ms,
        "row_count": event.row_count,
        "cached": event.cached,
        "outcome": event.outcome.value,
        "error": event.error,
        "fallback": event.fallback,
        "workspace_version": event.workspace_version,
    }


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value).lower() if isinstance(value, bool) else str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def events_to_csv(events: Iterable[AuditEvent], *, header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(FIELDS)
    for event in events:
        row = event_to_json(event)
        writer.writerow([_csv_cell(row[field]) for field in FIELDS])
    return out.getvalue()
