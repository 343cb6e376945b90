"""Users, sessions and one-time codes of InMemoryStore, on one transaction's state copy.

They mirror the SQL adapters rule for rule (same JSON round-trip, same ordering, same
expiry comparisons), so a unit test that passes on the fake means the same on SQLite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import attrs

from plotpress.adapters.sqlstore.codec import dump_json, dump_roles, load_json_object, load_roles
from plotpress.adapters.sqlstore.dialect import require_aware as utc
from plotpress.domain.identity import OtpCode, Session, User
from plotpress.ports.store import StoreError
from tests.fakes.store_state import State


@attrs.define
class FakeUsers:
    s: State

    def get(self, user_id: str) -> User | None:
        return self.s.users.get(user_id)

    def find_by_email(self, email: str) -> list[User]:
        norm = email.lower()
        found = [u for u in self.s.users.values() if u.email and u.email.lower() == norm]
        return sorted(found, key=lambda u: (u.created_at, u.id))

    def upsert_email_user(self, email: str, now: dt.datetime, new_id: str) -> User:
        norm = email.lower()
        for user in self.s.users.values():
            if user.issuer is None and user.email == norm:
                return user
        return self._insert(User(new_id, norm, utc(now), utc(now)))

    def upsert_oidc_user(
        self, issuer: str, subject: str, email: str | None, now: dt.datetime, new_id: str
    ) -> User:
        for known in self.s.users.values():
            if (known.issuer, known.subject) == (issuer, subject):
                if email is None:
                    return known
                refreshed = self.s.users[known.id] = attrs.evolve(known, email=email)
                return refreshed
        return self._insert(User(new_id, email, utc(now), utc(now), issuer, subject))

    def touch(self, user_id: str, now: dt.datetime, min_interval: dt.timedelta) -> bool:
        user = self.s.users.get(user_id)
        if user is None or user.last_seen_at > utc(now - min_interval):
            return False
        self.s.users[user_id] = attrs.evolve(user, last_seen_at=utc(now))
        return True

    def _insert(self, user: User) -> User:
        if user.id in self.s.users:
            raise StoreError("a store constraint was violated (duplicate user id)")
        self.s.users[user.id] = user
        return user


@attrs.define
class FakeSessions:
    s: State

    def create(self, session: Session) -> None:
        if session.token_hash in self.s.sessions or session.user_id not in self.s.users:
            raise StoreError("a store constraint was violated (session)")
        row = attrs.evolve(
            session,
            claims={},
            roles=None,
            created_at=utc(session.created_at),
            expires_at=utc(session.expires_at),
        )
        self.s.sessions[session.token_hash] = (row, dump_json(dict(session.claims)), None)

    def get(self, token_hash: str, now: dt.datetime) -> Session | None:
        found = self.s.sessions.get(token_hash)
        if found is None or found[0].expires_at <= utc(now):
            return None
        row, claims, roles = found
        return attrs.evolve(row, claims=load_json_object(claims), roles=load_roles(roles))

    def set_roles(self, token_hash: str, roles: Mapping[str, frozenset[str]]) -> None:
        if token_hash in self.s.sessions:
            row, claims, _ = self.s.sessions[token_hash]
            self.s.sessions[token_hash] = (row, claims, dump_roles(roles))

    def clear_roles(self, user_id: str | None = None) -> int:
        touched = [
            token
            for token, (row, _, roles) in self.s.sessions.items()
            if roles is not None and user_id in (None, row.user_id)
        ]
        for token in touched:
            row, claims, _ = self.s.sessions[token]
            self.s.sessions[token] = (row, claims, None)
        return len(touched)

    def delete(self, token_hash: str) -> bool:
        return self.s.sessions.pop(token_hash, None) is not None

    def delete_for_user(self, user_id: str) -> int:
        return self._drop(lambda row: row.user_id == user_id)

    def purge_expired(self, now: dt.datetime) -> int:
        return self._drop(lambda row: row.expires_at <= utc(now))

    def _drop(self, doomed: Callable[[Session], bool]) -> int:
        tokens = [t for t, (row, _, _) in self.s.sessions.items() if doomed(row)]
        for token in tokens:
            del self.s.sessions[token]
        return len(tokens)


@attrs.define
class FakeOtpCodes:
    s: State

    def issue(self, code: OtpCode) -> None:
        norm = code.email.lower()
        if code.id in self.s.otp:
            raise StoreError("a store constraint was violated (duplicate code id)")
        for other in [c for c in self.s.otp.values() if c.email.lower() == norm]:
            del self.s.otp[other.id]
        self.s.otp[code.id] = attrs.evolve(
            code, created_at=utc(code.created_at), expires_at=utc(code.expires_at)
        )

    def begin_attempt(self, email: str, now: dt.datetime, max_attempts: int) -> OtpCode | None:
        norm = email.lower()
        live = [c for c in self.s.otp.values() if c.email.lower() == norm and not c.consumed]
        if not live:
            return None
        code = max(live, key=lambda c: (c.created_at, c.id))
        if code.expires_at <= utc(now) or code.attempts >= max_attempts:
            return None
        code = self.s.otp[code.id] = attrs.evolve(code, attempts=code.attempts + 1)
        return code

    def consume(self, code_id: str) -> bool:
        code = self.s.otp.get(code_id)
        if code is None or code.consumed:
            return False
        self.s.otp[code_id] = attrs.evolve(code, consumed=True)
        return True

    def purge_expired(self, now: dt.datetime) -> int:
        doomed = [c.id for c in self.s.otp.values() if c.consumed or c.expires_at <= utc(now)]
        for code_id in doomed:
            del self.s.otp[code_id]
        return len(doomed)
