"""What the browser carries between ``/auth/oidc/start`` and the callback.

Sealed into a short-lived cookie: HMAC-signed with the server secret (tamper-evident)
and stamped with its creation time (expiring). It is signed, not encrypted; the state
and nonce travel through the browser's URL anyway, and the PKCE verifier is only useful
together with an authorization code issued for this very browser.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

import attrs

from plotpress.services.auth.hashing import PREAUTH_PURPOSE, keyed_hash, same
from plotpress.services.auth.oidc_errors import PreAuthExpired, PreAuthInvalid
from plotpress.services.auth.redirects import safe_next

MAX_SEALED_LENGTH = 4096
CLOCK_SKEW = dt.timedelta(seconds=60)  # replicas' clocks may differ a little


@attrs.frozen
class PreAuth:
    state: str
    nonce: str
    code_verifier: str = attrs.field(repr=False)
    next: str = attrs.field(converter=safe_next)  # where to go afterwards: always on-site
    created: dt.datetime


def seal(preauth: PreAuth, secret: str) -> str:
    """The pre-auth as cookie-safe text: ``<payload>.<signature>``."""
    body = {
        "s": preauth.state,
        "n": preauth.nonce,
        "v": preauth.code_verifier,
        "x": preauth.next,
        "t": int(preauth.created.timestamp()),
    }
    raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
    payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
    return f"{payload}.{keyed_hash(secret, PREAUTH_PURPOSE, payload)}"


def unseal(text: str | None, secret: str, now: dt.datetime, max_age: float) -> PreAuth:
    """The pre-auth sealed in ``text``; PreAuthInvalid if forged, PreAuthExpired if old."""
    if not text or len(text) > MAX_SEALED_LENGTH or "." not in text:
        raise PreAuthInvalid("no valid sign-in attempt in progress")
    payload, _, signature = text.rpartition(".")
    if not same(signature, keyed_hash(secret, PREAUTH_PURPOSE, payload)):
        raise PreAuthInvalid("the sign-in attempt was not started here")
    try:
        body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        preauth = PreAuth(
            state=_text(body["s"]),
            nonce=_text(body["n"]),
            code_verifier=_text(body["v"]),
            next=_text(body["x"]),
            created=dt.datetime.fromtimestamp(_number(body["t"]), dt.UTC),
        )
    except (ValueError, KeyError, TypeError, binascii.Error, OverflowError, OSError):
        raise PreAuthInvalid("the sign-in attempt is malformed") from None
    age = now - preauth.created
    if age > dt.timedelta(seconds=max_age) or age < -CLOCK_SKEW:
        raise PreAuthExpired("the sign-in attempt expired; please start again")
    return preauth


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("expected text")
    return value


def _number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected an integer")
    return value
