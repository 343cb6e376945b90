"""Sessions keyed by the hash of their token; claims and cached roles as JSON text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from plotpress.adapters.sqlstore.codec import dump_json, dump_roles, load_json_object, load_roles
from plotpress.adapters.sqlstore.dialect import Executor
from plotpress.domain.identity import Session


class SqlSessions:
    """SessionRepository over one transaction."""

    def __init__(self, x: Executor) -> None:
        self._x = x

    def create(self, session: Session) -> None:
        self._x.run(
            "INSERT INTO sessions (token_hash, user_id, claims, created_at, expires_at, roles)"
            " VALUES (?, ?, ?, ?, ?, NULL)",
            (
                session.token_hash,
                session.user_id,
                dump_json(dict(session.claims)),
                self._x.t(session.created_at),
                self._x.t(session.expires_at),
            ),
        )

    def get(self, token_hash: str, now: dt.datetime) -> Session | None:
        row = self._x.one(
            "SELECT token_hash, user_id, claims, created_at, expires_at, roles FROM sessions"
            " WHERE token_hash = ? AND expires_at > ?",
            (token_hash, self._x.t(now)),
        )
        return self._session(row) if row else None

    def set_roles(self, token_hash: str, roles: Mapping[str, frozenset[str]]) -> None:
        self._x.run(
            "UPDATE sessions SET roles = ? WHERE token_hash = ?", (dump_roles(roles), token_hash)
        )

    def clear_roles(self, user_id: str | None = None) -> int:
        if user_id is None:
            return self._x.run("UPDATE sessions SET roles = NULL WHERE roles IS NOT NULL")
        return self._x.run(
            "UPDATE sessions SET roles = NULL WHERE roles IS NOT NULL AND user_id = ?",
            (user_id,),
        )

    def delete(self, token_hash: str) -> bool:
        return self._x.run("DELETE FROM sessions WHERE token_hash = ?", (token_hash,)) > 0

    def delete_for_user(self, user_id: str) -> int:
        return self._x.run("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    def purge_expired(self, now: dt.datetime) -> int:
        return self._x.run("DELETE FROM sessions WHERE expires_at <= ?", (self._x.t(now),))

    def _session(self, row: Any) -> Session:
        return Session(
            token_hash=row[0],
            user_id=row[1],
            claims=load_json_object(row[2]),
            created_at=self._x.time(row[3]),
            expires_at=self._x.time(row[4]),
            roles=load_roles(row[5]),
        )
