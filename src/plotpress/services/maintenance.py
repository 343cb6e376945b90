"""Housekeeping of the metadata store: expired sessions, codes, cache entries, old
rate-limit windows, and audit rows past ``audit.retention`` days (0 keeps them forever)."""

from __future__ import annotations

import datetime as dt

import attrs

from plotpress.ports.clock import Clock
from plotpress.ports.store import MetadataStore

RATE_LIMIT_HORIZON = dt.timedelta(days=1)  # longer than any rate-limit window in use


@attrs.frozen
class PurgeReport:
    sessions: int
    otp_codes: int
    cache_entries: int
    rate_limit_windows: int
    audit_events: int


def purge(store: MetadataStore, clock: Clock, *, retention_days: int) -> PurgeReport:
    """Delete what has expired at the clock's now, in one transaction."""
    now = clock.now()
    with store.unit_of_work() as uow:
        audit = 0
        if retention_days > 0:
            audit = uow.audit.purge_older_than(now - dt.timedelta(days=retention_days))
        return PurgeReport(
            sessions=uow.sessions.purge_expired(now),
            otp_codes=uow.otp_codes.purge_expired(now),
            cache_entries=uow.cache.purge_expired(now),
            rate_limit_windows=uow.rate_limits.purge_older_than(now - RATE_LIMIT_HORIZON),
            audit_events=audit,
        )
