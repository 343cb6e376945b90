"""What InMemoryStore holds."""

from __future__ import annotations

import datetime as dt

import attrs

from plotpress.domain.audit import AuditEvent
from plotpress.domain.identity import OtpCode, Session, User


@attrs.define
class State:
    """Everything the store holds; ``copy()`` is what a unit of work starts from."""

    users: dict[str, User] = attrs.Factory(dict)
    sessions: dict[str, tuple[Session, str, str | None]] = attrs.Factory(dict)
    otp: dict[str, OtpCode] = attrs.Factory(dict)
    rate: dict[tuple[str, dt.datetime], int] = attrs.Factory(dict)
    audit: dict[int, AuditEvent] = attrs.Factory(dict)
    last_audit_id: int = 0
    cache: dict[str, tuple[bytes, dt.datetime]] = attrs.Factory(dict)
    kv: dict[str, str] = attrs.Factory(dict)

    def copy(self) -> State:
        # Stored values are immutable (frozen attrs, tuples, bytes, str): shallow is enough.
        return State(
            users=dict(self.users),
            sessions=dict(self.sessions),
            otp=dict(self.otp),
            rate=dict(self.rate),
            audit=dict(self.audit),
            last_audit_id=self.last_audit_id,
            cache=dict(self.cache),
            kv=dict(self.kv),
        )
