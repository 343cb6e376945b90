"""Session tokens and OTP codes reach the SQLite file only as keyed hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from pathlib import Path

from plotpress.adapters.sqlite import SqliteStore
from plotpress.domain.identity import OtpCode, Session

KEY = b"server-secret-key-for-the-test"
NOW = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
TOKENS = [f"Tok3n-{n}-q9VhXq2LwY8pZr7Kd1sM0bN5tF4gH6jU" for n in range(5)]
CODES = ["739184", "502671", "918273"]


def keyed_hash(secret: str) -> str:
    return hmac.new(KEY, secret.encode(), hashlib.sha256).hexdigest()


def _raw_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_neither_session_tokens_nor_otp_codes_appear_in_the_database_files(
    tmp_path: Path,
) -> None:
    db = tmp_path / "meta.db"
    store = SqliteStore(db)
    store.migrate()
    with store.unit_of_work() as uow:
        user = uow.users.upsert_email_user("ada@example.com", NOW, "u1")
        for token in TOKENS:
            uow.sessions.create(
                Session(keyed_hash(token), user.id, {"email": "ada@example.com"}, NOW, NOW)
            )
    for n, code in enumerate(CODES):
        with store.unit_of_work() as uow:
            uow.otp_codes.issue(
                OtpCode(f"c{n}", f"user{n}@example.com", keyed_hash(code), NOW, NOW)
            )

    checks = [(s, keyed_hash(s)) for s in TOKENS + CODES]
    assert not any(s in h for s, h in checks)  # the probe must not hide inside its own hash
    live = _raw_bytes(db)  # the -wal file still holds the recent pages
    store.close()
    checkpointed = _raw_bytes(db)
    for raw in (live, checkpointed):
        assert any(h.encode() in raw for _, h in checks)  # we are reading the right bytes
        leaked = [s for s, _ in checks if s.encode() in raw]
        assert leaked == []
