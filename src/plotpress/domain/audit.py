"""Audit events: one per query request, whatever its outcome (SPEC §7)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs


class Outcome(enum.Enum):
    OK = "ok"
    CACHED = "cached"
    DENIED = "denied"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    TIMEOUT = "timeout"
    ERROR = "error"
    UNAVAILABLE = "unavailable"


@attrs.frozen
class AuditEvent:
    """What happened to one query request.

    ``params`` holds the validated values as canonical text (or the raw text for an
    invalid request, truncated); ``fallback`` marks a query-file execution.
    ``id`` is assigned by the store on append (monotonic per store).
    """

    at: dt.datetime
    user: str | None
    dashboard: str
    page: str | None
    kind: str
    name: str
    connection: str | None
    params: Mapping[str, str]
    duration_ms: float
    row_count: int | None
    cached: bool
    outcome: Outcome
    error: str | None = None
    fallback: bool = False
    workspace_version: str | None = None
    id: int | None = None


@attrs.frozen
class AuditFilter:
    """Filters of ``GET /admin/audit``; every field optional. ``until`` is exclusive."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    dashboard: str | None = None
    user: str | None = None
    outcome: Outcome | None = None
