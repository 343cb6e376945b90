"""The real OIDC adapter against forged and malformed ID tokens from a loopback issuer.

Every token here goes through discovery, the token endpoint and the adapter's JWKS
cache and verification: nothing is called directly but ``exchange``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from plotpress.adapters.oidc import OidcProvider
from plotpress.domain.settings import OidcSettings
from plotpress.ports.identity_provider import IdentityProviderError, TokenRejected
from tests.fakes.clock import FakeClock
from tests.integration.auth.loopback_issuer import IssuerState, loopback_issuer

CLIENT_ID = "plotpress"
NONCE = "nonce-for-this-browser"
REDIRECT = "https://plotpress.example.test/auth/oidc/callback"

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ATTACKER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key, kid, algorithm=RSAAlgorithm):
    jwk = algorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "use": "sig"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def issuer():
    with loopback_issuer() as state:
        state.keys = [public_jwk(RSA_KEY, "k1"), public_jwk(EC_KEY, "k2", ECAlgorithm)]
        state.userinfo = {"sub": "alice"}
        yield state


@pytest.fixture
def provider(issuer, clock):
    settings = OidcSettings(issuer=issuer.base, client_id=CLIENT_ID, client_secret="cl1ent-s3cret")
    return OidcProvider(settings, clock, jwks_refetch_interval=60)


@pytest.fixture
def claims(issuer, clock):
    now = int(clock.now().timestamp())
    return {
        "iss": issuer.base,
        "sub": "alice",
        "aud": CLIENT_ID,
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "alice@example.com",
    }


def sign(claims, key=RSA_KEY, alg="RS256", kid="k1", **headers):
    if kid is not None:
        headers["kid"] = kid
    return jwt.encode(claims, key, algorithm=alg, headers=headers)


def exchange(provider, issuer: IssuerState, token):
    issuer.id_token = token
    return provider.exchange("the-code", "the-verifier", REDIRECT, NONCE)


def rejected(provider, issuer, token) -> str:
    with pytest.raises(TokenRejected) as raised:
        exchange(provider, issuer, token)
    return raised.value.reason


# --- the genuine article, so that every rejection below is about the forgery ---


def test_a_genuine_rs256_token_is_accepted(provider, issuer, claims):
    assert exchange(provider, issuer, sign(claims))["sub"] == "alice"


def test_a_genuine_es256_token_is_accepted(provider, issuer, claims):
    assert exchange(provider, issuer, sign(claims, EC_KEY, "ES256", "k2"))["sub"] == "alice"


def test_clock_skew_within_the_leeway_is_tolerated(provider, issuer, claims):
    skewed = {**claims, "iat": claims["iat"] + 50, "exp": claims["iat"] - 50}
    assert exchange(provider, issuer, sign(skewed))["sub"] == "alice"


def test_the_code_is_redeemed_with_pkce_and_the_advertised_client_auth(provider, issuer, claims):
    exchange(provider, issuer, sign(claims))
    (form,) = issuer.token_forms
    assert form == {
        "grant_type": "authorization_code",
        "code": "the-code",
        "redirect_uri": REDIRECT,
        "code_verifier": "the-verifier",
        "client_id": CLIENT_ID,
        "client_secret": "cl1ent-s3cret",
    }


def test_userinfo_claims_are_merged_but_cannot_overwrite_the_token(provider, issuer, claims):
    issuer.userinfo = {"sub": "alice", "groups": ["finance"], "iss": "https://evil.example"}
    merged = exchange(provider, issuer, sign(claims))
    assert merged["groups"] == ["finance"]
    assert merged["iss"] == issuer.base


def test_a_rotated_key_is_picked_up_by_refetching_the_jwks(provider, issuer, claims, clock):
    exchange(provider, issuer, sign(claims))
    issuer.keys = [*issuer.keys, public_jwk(ATTACKER_KEY, "k3-rotated")]
    clock.advance(61)
    assert exchange(provider, issuer, sign(claims, ATTACKER_KEY, kid="k3-rotated"))["sub"]
    assert issuer.hits["/jwks"] == 2


# --- the negative set ---


def test_alg_none_is_rejected(provider, issuer, claims):
    header = b64(json.dumps({"alg": "none", "kid": "k1"}).encode())
    token = f"{header}.{b64(json.dumps(claims).encode())}."
    assert rejected(provider, issuer, token) == "signing algorithm not allowed"


def test_hs256_signed_with_the_providers_public_key_is_rejected(provider, issuer, claims):
    public_pem = RSA_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64(json.dumps({"alg": "HS256", "kid": "k1"}).encode())
    signing_input = f"{header}.{b64(json.dumps(claims).encode())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert (
        rejected(provider, issuer, f"{signing_input}.{b64(mac)}") == "signing algorithm not allowed"
    )


def test_an_algorithm_the_provider_does_not_advertise_is_rejected(provider, issuer, claims):
    assert rejected(provider, issuer, sign(claims, alg="PS256")) == "signing algorithm not allowed"


def test_a_wrong_issuer_is_rejected(provider, issuer, claims):
    token = sign({**claims, "iss": issuer.base + "/"})
    assert rejected(provider, issuer, token) == "wrong issuer"


def test_a_wrong_audience_is_rejected(provider, issuer, claims):
    assert rejected(provider, issuer, sign({**claims, "aud": "another-app"})) == "wrong audience"


def test_another_authorized_party_is_rejected(provider, issuer, claims):
    token = sign({**claims, "aud": [CLIENT_ID, "another-app"], "azp": "another-app"})
    assert rejected(provider, issuer, token) == "wrong authorized party"


def test_several_audiences_without_an_authorized_party_are_rejected(provider, issuer, claims):
    token = sign({**claims, "aud": [CLIENT_ID, "another-app"]})
    assert rejected(provider, issuer, token) == "several audiences and no authorized party"


def test_an_expired_token_is_rejected(provider, issuer, claims):
    token = sign({**claims, "exp": claims["iat"] - 61})
    assert rejected(provider, issuer, token) == "expired"


def test_a_token_issued_in_the_future_is_rejected(provider, issuer, claims):
    token = sign({**claims, "iat": claims["iat"] + 600, "exp": claims["iat"] + 900})
    assert rejected(provider, issuer, token) == "issued in the future"


def test_a_token_without_expiry_is_rejected(provider, issuer, claims):
    del claims["exp"]
    assert rejected(provider, issuer, sign(claims)) == "missing or malformed exp"


def test_a_token_with_a_textual_expiry_is_rejected(provider, issuer, claims):
    assert rejected(provider, issuer, sign({**claims, "exp": "tomorrow"})) == (
        "missing or malformed exp"
    )


def test_a_token_without_nonce_is_rejected(provider, issuer, claims):
    del claims["nonce"]
    assert rejected(provider, issuer, sign(claims)) == "missing nonce"


def test_a_token_with_another_nonce_is_rejected(provider, issuer, claims):
    assert rejected(provider, issuer, sign({**claims, "nonce": "someone-elses"})) == "wrong nonce"


def test_a_token_without_subject_is_rejected(provider, issuer, claims):
    del claims["sub"]
    assert rejected(provider, issuer, sign(claims)) == "missing subject"


def test_an_unknown_key_id_is_rejected_after_one_throttled_refetch(provider, issuer, claims):
    forged = sign(claims, ATTACKER_KEY, kid="attacker")
    assert rejected(provider, issuer, forged).startswith("no signing key")
    assert issuer.hits["/jwks"] == 1  # fetched for this token, no second fetch so soon
    rejected(provider, issuer, sign(claims, ATTACKER_KEY, kid="attacker-2"))
    assert issuer.hits["/jwks"] == 1


def test_an_unknown_key_id_refetches_once_the_interval_passed(provider, issuer, claims, clock):
    exchange(provider, issuer, sign(claims))
    clock.advance(61)
    rejected(provider, issuer, sign(claims, ATTACKER_KEY, kid="attacker"))
    assert issuer.hits["/jwks"] == 2


def test_a_known_key_id_on_a_token_signed_by_another_key_is_rejected(provider, issuer, claims):
    assert rejected(provider, issuer, sign(claims, ATTACKER_KEY, kid="k1")) == "bad signature"


def test_a_tampered_payload_is_rejected(provider, issuer, claims):
    header, _, signature = sign(claims).split(".")
    payload = b64(json.dumps({**claims, "sub": "admin"}).encode())
    assert rejected(provider, issuer, f"{header}.{payload}.{signature}") == "bad signature"


def test_a_tampered_signature_is_rejected(provider, issuer, claims):
    header, payload, signature = sign(claims).split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)))
    raw[10] ^= 0x01
    assert rejected(provider, issuer, f"{header}.{payload}.{b64(bytes(raw))}") == "bad signature"


def test_a_jku_header_pointing_at_the_attackers_keys_is_ignored(provider, issuer, claims):
    token = sign(claims, ATTACKER_KEY, kid="k1", jku=f"{issuer.base}/attacker-jwks")
    assert rejected(provider, issuer, token) == "bad signature"
    assert issuer.hits["/attacker-jwks"] == 0


def test_an_embedded_jwk_header_is_ignored(provider, issuer, claims):
    token = sign(claims, ATTACKER_KEY, kid="attacker", jwk=public_jwk(ATTACKER_KEY, "attacker"))
    assert rejected(provider, issuer, token).startswith("no signing key")


def test_an_x5u_header_is_ignored(provider, issuer, claims):
    token = sign(claims, ATTACKER_KEY, kid="k1", x5u=f"{issuer.base}/attacker.pem")
    assert rejected(provider, issuer, token) == "bad signature"
    assert issuer.hits["/attacker.pem"] == 0


def test_an_rsa_algorithm_on_the_ec_key_id_is_rejected(provider, issuer, claims):
    assert rejected(provider, issuer, sign(claims, kid="k2")).startswith("no signing key")


def test_a_critical_header_extension_is_rejected(provider, issuer, claims):
    token = sign(claims, crit=["exp-extension"], **{"exp-extension": 1})
    assert rejected(provider, issuer, token) == "unsupported critical header"


@pytest.mark.parametrize("garbage", ["not a jwt", "a.b", "a.b.c", "", "eyJ9.eyJ9.eyJ9"])
def test_something_that_is_not_a_jwt_is_rejected(provider, issuer, garbage):
    assert rejected(provider, issuer, garbage) == "not a JWS compact token"


def test_a_token_response_without_an_id_token_is_rejected(provider, issuer):
    assert rejected(provider, issuer, None) == "the token response carries no ID token"


def test_userinfo_about_someone_else_is_rejected(provider, issuer, claims):
    issuer.userinfo = {"sub": "mallory", "groups": ["admins"]}
    assert (
        rejected(provider, issuer, sign(claims)) == "userinfo subject differs from the ID token's"
    )


def test_a_refused_code_is_a_rejection_without_echoing_the_providers_text(provider, issuer):
    with pytest.raises(TokenRejected) as raised:
        provider.exchange("refused-code", "v", REDIRECT, NONCE)
    assert "refused-code" not in str(raised.value)


# --- discovery ---


def test_a_discovery_document_naming_another_issuer_is_refused(issuer, clock):
    issuer.discovery_extra = {"issuer": "https://evil.example"}
    provider = OidcProvider(OidcSettings(issuer=issuer.base, client_id=CLIENT_ID), clock)
    with pytest.raises(IdentityProviderError, match="differs from the configured issuer"):
        provider.authorization_url("s", "n", "c", REDIRECT)


def test_a_provider_advertising_only_symmetric_algorithms_is_refused(issuer, clock):
    issuer.discovery_extra = {"id_token_signing_alg_values_supported": ["HS256", "none"]}
    provider = OidcProvider(OidcSettings(issuer=issuer.base, client_id=CLIENT_ID), clock)
    with pytest.raises(IdentityProviderError, match="no asymmetric"):
        provider.authorization_url("s", "n", "c", REDIRECT)


def test_an_unreachable_provider_is_an_error_without_a_hang(clock):
    settings = OidcSettings(issuer="http://127.0.0.1:9", client_id=CLIENT_ID, client_secret="x")
    provider = OidcProvider(settings, clock, timeout=(1.0, 1.0))
    with pytest.raises(IdentityProviderError, match="unreachable") as raised:
        provider.exchange("code", "verifier", REDIRECT, NONCE)
    assert "verifier" not in str(raised.value)


def test_client_secret_basic_is_used_when_advertised(issuer, clock, claims):
    issuer.discovery_extra = {"token_endpoint_auth_methods_supported": ["client_secret_basic"]}
    settings = OidcSettings(issuer=issuer.base, client_id="my app", client_secret="s:e/c")
    provider = OidcProvider(settings, clock)
    exchange(provider, issuer, sign({**claims, "aud": "my app"}))
    (form,) = issuer.token_forms
    assert "client_secret" not in form
    expected = base64.b64encode(b"my+app:s%3Ae%2Fc").decode()
    assert issuer.token_headers[0]["Authorization"] == f"Basic {expected}"


def test_the_authorization_url_carries_the_code_flow_parameters(provider, issuer):
    url = provider.authorization_url("st", "no", "ch", REDIRECT)
    assert url.startswith(f"{issuer.base}/authorize?")
    assert parse_qs(urlsplit(url).query) == {
        "response_type": ["code"],
        "client_id": [CLIENT_ID],
        "redirect_uri": [REDIRECT],
        "scope": ["openid email profile"],
        "state": ["st"],
        "nonce": ["no"],
        "code_challenge": ["ch"],
        "code_challenge_method": ["S256"],
    }


def test_times_come_from_the_injected_clock(provider, issuer, claims, clock):
    token = sign(claims)
    clock.advance(300 + 60)
    assert rejected(provider, issuer, token) == "expired"
