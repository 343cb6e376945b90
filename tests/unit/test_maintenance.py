"""Housekeeping removes exactly what has expired, and audit rows only past retention."""

from __future__ import annotations

import datetime as dt

from plotpress.domain.audit import AuditEvent, AuditFilter, Outcome
from plotpress.domain.identity import Session
from plotpress.services.maintenance import purge
from tests.fakes.clock import FakeClock
from tests.fakes.store import InMemoryStore

DAY = dt.timedelta(days=1)


def _event(at: dt.datetime) -> AuditEvent:
    return AuditEvent(
        at=at, user="a@x", dashboard="d", page=None, kind="view", name="v", connection="c",
        params={}, duration_ms=1.0, row_count=1, cached=False, outcome=Outcome.OK,
    )  # fmt: skip


def _seed(store: InMemoryStore, clock: FakeClock) -> None:
    now = clock.now()
    with store.unit_of_work() as uow:
        user = uow.users.upsert_email_user("a@x.example", now, "u1")
        for token, hours in (("old", -1), ("live", 1)):
            uow.sessions.create(
                Session(token, user.id, {}, now - 2 * DAY, now + dt.timedelta(hours=hours))
            )
        uow.audit.append(_event(now - 40 * DAY))
        uow.audit.append(_event(now - 10 * DAY))
        uow.rate_limits.hit("ip:1", now - 3 * DAY, dt.timedelta(minutes=15))
        uow.rate_limits.hit("ip:2", now, dt.timedelta(minutes=15))


def test_expired_rows_go_and_live_ones_stay():
    store, clock = InMemoryStore(), FakeClock()
    _seed(store, clock)
    report = purge(store, clock, retention_days=30)
    assert (report.sessions, report.audit_events, report.rate_limit_windows) == (1, 1, 1)
    with store.unit_of_work() as uow:
        assert uow.sessions.get("live", clock.now()) is not None
        assert len(uow.audit.query(AuditFilter(), 10).events) == 1


def test_a_retention_of_zero_keeps_the_audit_log_forever():
    store, clock = InMemoryStore(), FakeClock()
    _seed(store, clock)
    assert purge(store, clock, retention_days=0).audit_events == 0
    with store.unit_of_work() as uow:
        assert len(uow.audit.query(AuditFilter(), 10).events) == 2
