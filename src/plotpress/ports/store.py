"""The metadata store: users, sessions, one-time codes, rate limits, audit log, query cache.

Every access goes through a unit of work: ``with store.unit_of_work() as uow: ...`` is one
transaction that commits when the block ends normally and rolls back when it raises, so
a multi-step write is atomic. Times are timezone-aware UTC datetimes passed in by the
caller; the store never reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Protocol

import attrs

from plotpress.domain.audit import AuditEvent, AuditFilter
from plotpress.domain.identity import OtpCode, Session, User


class StoreError(Exception):
    """Base of every metadata-store error. Messages never contain secrets."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or is locked beyond its timeout; retry later (503)."""


class SchemaTooNew(StoreError):
    """The database was migrated by a newer PlotPress than this one."""


class BadCursor(StoreError):
    """An audit pagination cursor that this store did not issue."""


@attrs.frozen
class AuditPage:
    events: tuple[AuditEvent, ...]
    next_cursor: str | None


class UserRepository(Protocol):
    def get(self, user_id: str) -> User | None:
        """The user with this id, or None."""
        ...

    def find_by_email(self, email: str) -> list[User]:
        """Every user whose e-mail matches case-insensitively (OTP and OIDC users alike)."""
        ...

    def upsert_email_user(self, email: str, now: dt.datetime, new_id: str) -> User:
        """The OTP user for this address (lower-cased), created with ``new_id`` if absent."""
        ...

    def upsert_oidc_user(
        self, issuer: str, subject: str, email: str | None, now: dt.datetime, new_id: str
    ) -> User:
        """The user keyed by (issuer, subject), created if absent; the e-mail is refreshed."""
        ...

    def touch(self, user_id: str, now: dt.datetime, min_interval: dt.timedelta) -> bool:
        """Set last_seen to ``now`` unless it was set less than ``min_interval`` ago.

        Returns True when a write happened. Throttled so reads do not write every time.
        """
        ...


class SessionRepository(Protocol):
    def create(self, session: Session) -> None:
        """Store a new session (its ``roles`` cache starts empty)."""
        ...

    def get(self, token_hash: str, now: dt.datetime) -> Session | None:
        """The live session with this token hash; None if unknown or expired at ``now``."""
        ...

    def set_roles(self, token_hash: str, roles: Mapping[str, frozenset[str]]) -> None:
        """Cache the role set resolved per dashboard slug for this session."""
        ...

    def clear_roles(self, user_id: str | None = None) -> int:
        """Drop cached role sets of every session (or one user's); returns sessions touched."""
        ...

    def delete(self, token_hash: str) -> bool:
        """End one session; True if it existed."""
        ...

    def delete_for_user(self, user_id: str) -> int:
        """End every session of a user; returns how many."""
        ...

    def purge_expired(self, now: dt.datetime) -> int:
        """Delete sessions expired at ``now``; returns how many."""
        ...


class OtpRepository(Protocol):
    def issue(self, code: OtpCode) -> None:
        """Store a new code; every older unconsumed code for the same address is voided."""
        ...

    def begin_attempt(self, email: str, now: dt.datetime, max_attempts: int) -> OtpCode | None:
        """Count one verification attempt against the address's live code, atomically.

        Returns the code (with the incremented ``attempts``) when it is live: not voided,
        not consumed, not expired at ``now`` and with fewer than ``max_attempts`` attempts
        before this one. Returns None otherwise. Under concurrent calls at most
        ``max_attempts`` calls ever return a code.
        """
        ...

    def consume(self, code_id: str) -> bool:
        """Mark the code used; True for exactly one caller, False if it was already used."""
        ...

    def purge_expired(self, now: dt.datetime) -> int:
        """Delete codes expired or consumed; returns how many."""
        ...


class RateLimiter(Protocol):
    def hit(self, bucket: str, now: dt.datetime, window: dt.timedelta) -> int:
        """Record one hit in ``bucket``'s current fixed window; return the hits in it so far.

        Windows start at whole multiples of ``window`` since 1970-01-01 UTC.
        """
        ...

    def purge_older_than(self, cutoff: dt.datetime) -> int:
        """Delete windows of every bucket that started before ``cutoff``; returns how many."""
        ...


class AuditLog(Protocol):
    def append(self, event: AuditEvent) -> int:
        """Append one event; returns its id (strictly increasing per store)."""
        ...

    def query(self, flt: AuditFilter, limit: int, cursor: str | None = None) -> AuditPage:
        """Events matching ``flt``, newest first (by id), at most ``limit``.

        ``next_cursor`` continues after the last event returned; rows appended meanwhile
        never shift a page (keyset pagination). Raises BadCursor for a foreign cursor.
        """
        ...

    def purge_older_than(self, cutoff: dt.datetime) -> int:
        """Delete events with ``at < cutoff``; returns how many."""
        ...


class QueryCache(Protocol):
    def get(self, key: str, now: dt.datetime) -> bytes | None:
        """The cached value for ``key`` unless missing or expired at ``now``."""
        ...

    def put(self, key: str, value: bytes, now: dt.datetime, ttl: dt.timedelta) -> None:
        """Store a value until ``now + ttl``, replacing any previous one.

        The cache is bounded: past the store's ``max_entries`` the entries expiring
        soonest are evicted.
        """
        ...

    def purge_expired(self, now: dt.datetime) -> int:
        """Delete expired entries; returns how many."""
        ...


class KeyValue(Protocol):
    def get_or_create(self, key: str, factory: Callable[[], str]) -> str:
        """The stored value for ``key``; if absent, store ``factory()`` and return it.

        Used for server-wide values such as a generated secret key; first writer wins.
        """
        ...


class UnitOfWork(Protocol):
    """One transaction over every repository."""

    users: UserRepository
    sessions: SessionRepository
    otp_codes: OtpRepository
    rate_limits: RateLimiter
    audit: AuditLog
    cache: QueryCache
    kv: KeyValue


class MetadataStore(Protocol):
    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """Begin a write transaction; commit on normal exit, roll back on an exception.

        Raises StoreUnavailable when the store cannot be reached.
        """
        ...

    def migrate(self) -> int:
        """Bring the schema up to date; returns the schema version now in force."""
        ...

    def ping(self) -> None:
        """Raise StoreUnavailable unless the store answers a trivial query."""
        ...

    def close(self) -> None:
        """Release connections held by this process."""
        ...
