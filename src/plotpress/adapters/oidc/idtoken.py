"""ID token verification (OIDC Core §3.1.3.7), with the injected clock.

The signature is checked by PyJWT against a key from our cached JWKS; every claim check
is done here, explicitly, so that time comes from the Clock port and nothing depends on
library defaults.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
from typing import Any

import jwt

from plotpress.adapters.oidc.jwks import JwksCache
from plotpress.ports.identity_provider import TokenRejected

LEEWAY = dt.timedelta(seconds=60)


def verify_id_token(
    token: str,
    *,
    keys: JwksCache,
    algorithms: frozenset[str],
    issuer: str,
    client_id: str,
    nonce: str,
    now: dt.datetime,
    leeway: dt.timedelta = LEEWAY,
) -> dict[str, Any]:
    """The verified claims of ``token``, or TokenRejected saying which check failed."""
    header = _header(token)
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in algorithms:
        raise TokenRejected("signing algorithm not allowed")
    if "crit" in header:
        # RFC 7515 §4.1.11: we understand no extension, so a critical one must fail.
        raise TokenRejected("unsupported critical header")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise TokenRejected("malformed key id")
    key = keys.key_for(kid, algorithm)
    try:
        decoded = jwt.PyJWS().decode_complete(token, key=key, algorithms=[algorithm])
    except jwt.InvalidSignatureError:
        raise TokenRejected("bad signature") from None
    except (jwt.PyJWTError, ValueError, TypeError):
        raise TokenRejected("signature could not be verified") from None
    claims = _claims(decoded["payload"])
    _check_claims(claims, issuer=issuer, client_id=client_id, nonce=nonce, now=now, leeway=leeway)
    return claims


def _header(token: str) -> dict[str, Any]:
    # Parsed here rather than by PyJWT so that our checks (crit, alg) come first and
    # every structural failure reads the same.
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        raise TokenRejected("not a JWS compact token")
    try:
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    except (ValueError, binascii.Error):
        raise TokenRejected("not a JWS compact token") from None
    if not isinstance(header, dict):
        raise TokenRejected("not a JWS compact token")
    return header


def _claims(payload: bytes) -> dict[str, Any]:
    try:
        claims = json.loads(payload)
    except ValueError:
        raise TokenRejected("payload is not JSON") from None
    if not isinstance(claims, dict):
        raise TokenRejected("payload is not a JSON object")
    return claims


def _check_claims(
    claims: dict[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    now: dt.datetime,
    leeway: dt.timedelta,
) -> None:
    if claims.get("iss") != issuer:
        raise TokenRejected("wrong issuer")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise TokenRejected("missing subject")
    _check_audience(claims, client_id)
    expires = _instant(claims, "exp")
    issued = _instant(claims, "iat")
    if now >= expires + leeway:
        raise TokenRejected("expired")
    if issued > now + leeway:
        raise TokenRejected("issued in the future")
    if "nbf" in claims and _instant(claims, "nbf") > now + leeway:
        raise TokenRejected("not valid yet")
    token_nonce = claims.get("nonce")
    if not isinstance(token_nonce, str):
        raise TokenRejected("missing nonce")
    if not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
        raise TokenRejected("wrong nonce")


def _check_audience(claims: dict[str, Any], client_id: str) -> None:
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud
    if not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences):
        raise TokenRejected("malformed audience")
    if client_id not in audiences:
        raise TokenRejected("wrong audience")
    azp = claims.get("azp")
    # §3.1.3.7 items 4-5: with several audiences the token must name us as its
    # authorized party; if azp is present at all it must be us.
    if len(audiences) > 1 and azp is None:
        raise TokenRejected("several audiences and no authorized party")
    if azp is not None and azp != client_id:
        raise TokenRejected("wrong authorized party")


def _instant(claims: dict[str, Any], name: str) -> dt.datetime:
    value = claims.get(name)
    # bool is an int subclass; true/false is no timestamp.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TokenRejected(f"missing or malformed {name}")
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise TokenRejected(f"malformed {name}") from None
