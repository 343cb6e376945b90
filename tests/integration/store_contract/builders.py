"""Small builders for the contract tests: valid objects with only what matters varied."""

from __future__ import annotations

import datetime as dt
import itertools

from plotpress.domain.audit import AuditEvent, Outcome
from plotpress.domain.identity import OtpCode, Session
from plotpress.ports.store import MetadataStore
from tests.fakes.clock import EPOCH

T0 = EPOCH
_ids = itertools.count(1)


def at(seconds: float) -> dt.datetime:
    """``seconds`` after the suite's epoch."""
    return T0 + dt.timedelta(seconds=seconds)


IN_AN_HOUR = at(3600)
IN_TEN_MINUTES = at(600)


def user(store: MetadataStore, email: str = "ada@example.com", now: dt.datetime = T0) -> str:
    with store.unit_of_work() as uow:
        return uow.users.upsert_email_user(email, now, f"user-{next(_ids)}").id


def session(
    user_id: str,
    token_hash: str = "hash-1",
    *,
    expires_at: dt.datetime = IN_AN_HOUR,
    **claims: object,
) -> Session:
    return Session(
        token_hash=token_hash,
        user_id=user_id,
        claims=claims or {"email": "ada@example.com", "groups": ["sales", "ops"]},
        created_at=T0,
        expires_at=expires_at,
    )


def otp_code(
    code_id: str = "code-1",
    email: str = "ada@example.com",
    *,
    created_at: dt.datetime = T0,
    expires_at: dt.datetime = IN_TEN_MINUTES,
) -> OtpCode:
    return OtpCode(
        id=code_id,
        email=email,
        code_hash=f"hmac-of-{code_id}",
        created_at=created_at,
        expires_at=expires_at,
    )


def event(
    when: dt.datetime = T0,
    *,
    dashboard: str = "sales",
    user: str | None = "ada@example.com",
    outcome: Outcome = Outcome.OK,
    name: str = "monthly_revenue",
) -> AuditEvent:
    return AuditEvent(
        at=when,
        user=user,
        dashboard=dashboard,
        page="index",
        kind="view",
        name=name,
        connection="warehouse",
        params={"year": "2026", "region": "EMEA"},
        duration_ms=12.5,
        row_count=42,
        cached=False,
        outcome=outcome,
    )
