"""Reading ``/admin/audit`` query parameters into an AuditFilter, with named errors."""

from __future__ import annotations

import datetime as dt

import falcon

from plotpress.domain.audit import AuditFilter, Outcome
from plotpress.domain.params import ParamError, ParamKind, ParamType
from plotpress.entrypoints.wsgi.problems import BadRequestBody

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
_TIMESTAMP = ParamType(ParamKind.TIMESTAMP)
_DATE = ParamType(ParamKind.DATE)


def _instant(req: falcon.Request, key: str) -> dt.datetime | None:
    raw = req.get_param(key)
    if not raw:
        return None
    try:
        value = _DATE.parse(raw)
        assert isinstance(value, dt.date)
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    except ParamError:
        pass
    try:
        parsed = _TIMESTAMP.parse(raw)
    except ParamError as exc:
        raise BadRequestBody(f"'{key}': {exc.reason} (or a date YYYY-MM-DD)", key=key) from None
    assert isinstance(parsed, dt.datetime)
    return parsed


def audit_filter(req: falcon.Request) -> AuditFilter:
    outcome_text = req.get_param("outcome")
    outcome = None
    if outcome_text:
        try:
            outcome = Outcome(outcome_text)
        except ValueError:
            choices = ", ".join(o.value for o in Outcome)
            raise BadRequestBody(f"'outcome' must be one of {choices}", key="outcome") from None
    return AuditFilter(
        since=_instant(req, "since"),
        until=_instant(req, "until"),
        dashboard=req.get_param("dashboard") or None,
        user=req.get_param("user") or None,
        outcome=outcome,
    )


def audit_limit(req: falcon.Request) -> int:
    raw = req.get_param("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequestBody(f"'limit' must be a whole number from 1 to {MAX_LIMIT}", key="limit")
    return int(raw)
