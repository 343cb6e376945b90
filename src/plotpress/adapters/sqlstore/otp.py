"""E-mail one-time codes: hashed, expiring, attempt-counted, single-use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plotpress.adapters.sqlstore.dialect import Executor
from plotpress.domain.identity import OtpCode


class SqlOtpCodes:
    """OtpRepository over one transaction."""

    def __init__(self, x: Executor) -> None:
        self._x = x

    def issue(self, code: OtpCode) -> None:
        norm = code.email.lower()
        # Voiding is deletion: a voided code can never be verified again, and nothing
        # else needs to know it existed.
        self._x.run("DELETE FROM otp_codes WHERE email_norm = ?", (norm,))
        self._x.run(
            "INSERT INTO otp_codes (id, email, code_hash, created_at, expires_at, attempts,"
            " consumed, email_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code.id,
                code.email,
                code.code_hash,
                self._x.t(code.created_at),
                self._x.t(code.expires_at),
                code.attempts,
                code.consumed,
                norm,
            ),
        )

    def begin_attempt(self, email: str, now: dt.datetime, max_attempts: int) -> OtpCode | None:
        # A single UPDATE whose WHERE re-checks the attempt count: SQLite runs it under
        # the write lock, PostgreSQL re-evaluates it on the locked row version, so no two
        # callers can both take the last attempt.
        row = self._x.one(
            "UPDATE otp_codes SET attempts = attempts + 1"
            " WHERE id = (SELECT id FROM otp_codes WHERE email_norm = ? AND consumed = ?"
            "             ORDER BY created_at DESC, id DESC LIMIT 1)"
            " AND consumed = ? AND expires_at > ? AND attempts < ?"
            " RETURNING id, email, code_hash, created_at, expires_at, attempts, consumed",
            (email.lower(), False, False, self._x.t(now), max_attempts),
        )
        return self._code(row) if row else None

    def consume(self, code_id: str) -> bool:
        changed = self._x.run(
            "UPDATE otp_codes SET consumed = ? WHERE id = ? AND consumed = ?",
            (True, code_id, False),
        )
        return changed > 0

    def purge_expired(self, now: dt.datetime) -> int:
        return self._x.run(
            "DELETE FROM otp_codes WHERE expires_at <= ? OR consumed = ?",
            (self._x.t(now), True),
        )

    def _code(self, row: Any) -> OtpCode:
        return OtpCode(
            id=row[0],
            email=row[1],
            code_hash=row[2],
            created_at=self._x.time(row[3]),
            expires_at=self._x.time(row[4]),
            attempts=int(row[5]),
            consumed=bool(row[6]),
        )
