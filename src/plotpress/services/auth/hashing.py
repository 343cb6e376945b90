"""Keyed hashes of secrets: only these reach the store.

HMAC-SHA256 keyed with the server secret, so a copy of the database alone is not enough
to test guesses of a 6-digit code or to match a session cookie. Each use names its
purpose, so a hash made for one purpose is never valid for another.
"""

from __future__ import annotations

import hashlib
import hmac

MIN_SECRET_LENGTH = 16

SESSION_PURPOSE = "session-token"
OTP_PURPOSE = "otp-code"
RATE_PURPOSE = "rate-bucket"
PREAUTH_PURPOSE = "oidc-preauth"


def check_secret(secret: str) -> str:
    """The secret, if long enough to key HMACs with (ValueError otherwise)."""
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"the secret key must be at least {MIN_SECRET_LENGTH} characters")
    return secret


def keyed_hash(secret: str, purpose: str, *parts: str) -> str:
    """Hex HMAC-SHA256 of ``parts`` under ``secret``, separated by ``purpose``."""
    message = "\x00".join((purpose, *parts)).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time equality, so timing does not reveal how much of a guess matched."""
    return hmac.compare_digest(a.encode(), b.encode())
