"""Users, sessions and one-time codes as the metadata store keeps them.

Times are timezone-aware UTC datetimes supplied by the caller (the services read the
clock, never the domain). Secrets appear here only as hashes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs


@attrs.frozen
class User:
    """A person known to PlotPress. OIDC users are keyed by (issuer, subject)."""

    id: str
    email: str | None
    created_at: dt.datetime
    last_seen_at: dt.datetime
    issuer: str | None = None
    subject: str | None = None


@attrs.frozen
class Session:
    """A signed-in browser. ``token_hash`` is a keyed hash of the cookie's token."""

    token_hash: str
    user_id: str
    claims: Mapping[str, object]
    created_at: dt.datetime
    expires_at: dt.datetime
    roles: Mapping[str, frozenset[str]] | None = None  # cached role set per dashboard slug

    def is_expired(self, now: dt.datetime) -> bool:
        """Absolute expiry: a session is dead from ``expires_at`` on (inclusive)."""
        return now >= self.expires_at


@attrs.frozen
class OtpCode:
    """An e-mailed one-time code, stored only as a keyed hash."""

    id: str
    email: str
    code_hash: str
    created_at: dt.datetime
    expires_at: dt.datetime
    attempts: int = 0
    consumed: bool = False

    def is_expired(self, now: dt.datetime) -> bool:
        return now >= self.expires_at
