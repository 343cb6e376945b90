"""Users: OTP users keyed by lower-cased e-mail, OIDC users by (issuer, subject)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plotpress.adapters.sqlstore.dialect import Executor
from plotpress.domain.identity import User

_SELECT = "SELECT id, email, issuer, subject, created_at, last_seen_at FROM users"


class SqlUsers:
    """UserRepository over one transaction."""

    def __init__(self, x: Executor) -> None:
        self._x = x

    def get(self, user_id: str) -> User | None:
        row = self._x.one(_SELECT + " WHERE id = ?", (user_id,))
        return self._user(row) if row else None

    def find_by_email(self, email: str) -> list[User]:
        rows = self._x.all(
            _SELECT + " WHERE email_norm = ? ORDER BY created_at, id",
            (email.lower(),),
        )
        return [self._user(row) for row in rows]

    def upsert_email_user(self, email: str, now: dt.datetime, new_id: str) -> User:
        norm = email.lower()
        # The partial unique index (email_norm WHERE issuer IS NULL) makes two concurrent
        # first sign-ins of one address converge on one row.
        self._x.run(
            "INSERT INTO users (id, email, email_norm, issuer, subject, created_at,"
            " last_seen_at) VALUES (?, ?, ?, NULL, NULL, ?, ?)"
            " ON CONFLICT (email_norm) WHERE issuer IS NULL DO NOTHING",
            (new_id, norm, norm, self._x.t(now), self._x.t(now)),
        )
        row = self._x.one(_SELECT + " WHERE email_norm = ? AND issuer IS NULL", (norm,))
        return self._user(row)

    def upsert_oidc_user(
        self, issuer: str, subject: str, email: str | None, now: dt.datetime, new_id: str
    ) -> User:
        # A provider that stops sending the e-mail claim does not erase the known address.
        row = self._x.one(
            "INSERT INTO users (id, email, email_norm, issuer, subject, created_at,"
            " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (issuer, subject) DO UPDATE SET"
            " email = COALESCE(excluded.email, users.email),"
            " email_norm = COALESCE(excluded.email_norm, users.email_norm)"
            " RETURNING id, email, issuer, subject, created_at, last_seen_at",
            (
                new_id,
                email,
                email.lower() if email is not None else None,
                issuer,
                subject,
                self._x.t(now),
                self._x.t(now),
            ),
        )
        return self._user(row)

    def touch(self, user_id: str, now: dt.datetime, min_interval: dt.timedelta) -> bool:
        # One conditional UPDATE: a request that finds last_seen recent writes nothing.
        changed = self._x.run(
            "UPDATE users SET last_seen_at = ? WHERE id = ? AND last_seen_at <= ?",
            (self._x.t(now), user_id, self._x.t(now - min_interval)),
        )
        return changed > 0

    def _user(self, row: Any) -> User:
        return User(
            id=row[0],
            email=row[1],
            issuer=row[2],
            subject=row[3],
            created_at=self._x.time(row[4]),
            last_seen_at=self._x.time(row[5]),
        )
