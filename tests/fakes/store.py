"""InMemoryStore: the metadata store port in memory, faithful to the SQL adapters.

Thread-safe: a unit of work holds the store's lock for its whole duration (as
SQLite's ``BEGIN IMMEDIATE`` holds the write lock), works on a copy of the state and
swaps it in on commit, so an exception leaves nothing half-written. Values cross the
boundary the way they cross a database (claims, roles and params through JSON, times
normalised to UTC), so a unit test cannot rely on something a real store would lose.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import attrs

from plotpress.ports.store import (
    AuditLog,
    KeyValue,
    OtpRepository,
    QueryCache,
    RateLimiter,
    SessionRepository,
    StoreError,
    StoreUnavailable,
    UnitOfWork,
    UserRepository,
)
from tests.fakes.store_identity import FakeOtpCodes, FakeSessions, FakeUsers
from tests.fakes.store_records import FakeAuditLog, FakeKeyValue, FakeQueryCache, FakeRateLimiter
from tests.fakes.store_state import State

SCHEMA_VERSION = 1


@attrs.define
class FakeUnitOfWork:
    """Every repository over one transaction's private copy of the state."""

    users: UserRepository
    sessions: SessionRepository
    otp_codes: OtpRepository
    rate_limits: RateLimiter
    audit: AuditLog
    cache: QueryCache
    kv: KeyValue

    @classmethod
    def over(cls, state: State, max_cache_entries: int) -> FakeUnitOfWork:
        return cls(
            users=FakeUsers(state),
            sessions=FakeSessions(state),
            otp_codes=FakeOtpCodes(state),
            rate_limits=FakeRateLimiter(state),
            audit=FakeAuditLog(state),
            cache=FakeQueryCache(state, max_cache_entries),
            kv=FakeKeyValue(state),
        )


class InMemoryStore:
    """MetadataStore in memory. Set ``available = False`` to simulate an outage."""

    def __init__(self, *, max_cache_entries: int = 10000) -> None:
        if max_cache_entries < 1:
            raise ValueError("max_cache_entries must be at least 1")
        self.max_cache_entries = max_cache_entries
        self.available = True
        self._state = State()
        self._lock = threading.Lock()
        self._local = threading.local()

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """Commit on normal exit (swap the copy in), roll back on an exception (drop it)."""
        self._check_available()
        if getattr(self._local, "open", False):
            raise StoreError("a unit of work is already open on this thread")
        with self._lock:
            self._local.open = True
            try:
                work = self._state.copy()
                yield FakeUnitOfWork.over(work, self.max_cache_entries)
                self._state = work
            finally:
                self._local.open = False

    def migrate(self) -> int:
        """Nothing to migrate; the version matches the SQL adapters' latest."""
        self._check_available()
        return SCHEMA_VERSION

    def ping(self) -> None:
        """Raise StoreUnavailable while ``available`` is False."""
        self._check_available()

    def close(self) -> None:
        """Nothing to release."""

    def _check_available(self) -> None:
        if not self.available:
            raise StoreUnavailable("the in-memory store is marked unavailable")
