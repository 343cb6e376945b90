"""Rate limits, audit log, query cache and key/value of InMemoryStore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from plotpress.adapters.sqlstore.codec import decode_cursor, dump_json, encode_cursor, load_params
from plotpress.adapters.sqlstore.dialect import require_aware as utc
from plotpress.adapters.sqlstore.small import window_start
from plotpress.domain.audit import AuditEvent, AuditFilter
from plotpress.ports.store import AuditPage
from tests.fakes.store_state import State


@attrs.define
class FakeRateLimiter:
    s: State

    def hit(self, bucket: str, now: dt.datetime, window: dt.timedelta) -> int:
        start = window_start(now, window)
        for key in [k for k in self.s.rate if k[0] == bucket and k[1] < start]:
            del self.s.rate[key]
        hits = self.s.rate[(bucket, start)] = self.s.rate.get((bucket, start), 0) + 1
        return hits

    def purge_older_than(self, cutoff: dt.datetime) -> int:
        old = [key for key in self.s.rate if key[1] < utc(cutoff)]
        for key in old:
            del self.s.rate[key]
        return len(old)


@attrs.define
class FakeAuditLog:
    s: State

    def append(self, event: AuditEvent) -> int:
        self.s.last_audit_id += 1
        stored = attrs.evolve(
            event,
            id=self.s.last_audit_id,
            at=utc(event.at),
            params=load_params(dump_json(dict(event.params))),
            duration_ms=float(event.duration_ms),
        )
        self.s.audit[stored.id or 0] = stored
        return self.s.last_audit_id

    def query(self, flt: AuditFilter, limit: int, cursor: str | None = None) -> AuditPage:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        below = decode_cursor(cursor, flt) if cursor is not None else None
        rows = [
            event
            for event_id, event in sorted(self.s.audit.items(), reverse=True)
            if (below is None or event_id < below) and _matches(event, flt)
        ][: limit + 1]
        more = len(rows) > limit
        last_id = rows[limit - 1].id if more else None
        return AuditPage(
            events=tuple(attrs.evolve(e, params=dict(e.params)) for e in rows[:limit]),
            next_cursor=encode_cursor(last_id, flt) if last_id is not None else None,
        )

    def purge_older_than(self, cutoff: dt.datetime) -> int:
        doomed = [i for i, event in self.s.audit.items() if event.at < utc(cutoff)]
        for event_id in doomed:
            del self.s.audit[event_id]
        return len(doomed)


def _matches(event: AuditEvent, flt: AuditFilter) -> bool:
    return (
        (flt.since is None or event.at >= utc(flt.since))
        and (flt.until is None or event.at < utc(flt.until))
        and (flt.dashboard is None or event.dashboard == flt.dashboard)
        and (flt.user is None or event.user == flt.user)
        and (flt.outcome is None or event.outcome == flt.outcome)
    )


@attrs.define
class FakeQueryCache:
    s: State
    max_entries: int

    def get(self, key: str, now: dt.datetime) -> bytes | None:
        found = self.s.cache.get(key)
        return found[0] if found is not None and found[1] > utc(now) else None

    def put(self, key: str, value: bytes, now: dt.datetime, ttl: dt.timedelta) -> None:
        self.s.cache[key] = (bytes(value), utc(now + ttl))
        excess = len(self.s.cache) - self.max_entries
        if excess > 0:
            soonest = sorted(self.s.cache.items(), key=lambda kv: (kv[1][1], kv[0]))[:excess]
            for doomed, _ in soonest:
                del self.s.cache[doomed]

    def purge_expired(self, now: dt.datetime) -> int:
        doomed = [k for k, (_, expires_at) in self.s.cache.items() if expires_at <= utc(now)]
        for key in doomed:
            del self.s.cache[key]
        return len(doomed)


@attrs.define
class FakeKeyValue:
    s: State

    def get_or_create(self, key: str, factory: Callable[[], str]) -> str:
        if key not in self.s.kv:
            self.s.kv[key] = factory()
        return self.s.kv[key]
