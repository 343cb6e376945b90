import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest

from plotpress.domain.settings import OidcSettings
from plotpress.services.auth.oidc import (
    IdentityRejected,
    OidcService,
    PreAuthExpired,
    PreAuthInvalid,
    ProviderUnavailable,
    StateMismatch,
    pkce_challenge,
)
from tests.fakes.identity_provider import ISSUER
from tests.unit.auth.conftest import REDIRECT_URI, SECRET

ALICE = {"sub": "alice-123", "email": "Alice@Example.com", "groups": ["finance"]}


def sign_in(oidc, provider, claims, next_path="/"):
    url, preauth = oidc.begin(next_path)
    state = parse_qs(urlsplit(url).query)["state"][0]
    code = provider.approve(state, claims)
    return oidc.complete(code, state, oidc.unseal(oidc.seal(preauth)))


def test_begin_sends_state_nonce_and_an_s256_challenge_of_the_kept_verifier(oidc, provider):
    url, preauth = oidc.begin("/dashboards/sales/")
    (request,) = provider.requests
    assert url.startswith(ISSUER)
    assert (request.state, request.nonce) == (preauth.state, preauth.nonce)
    assert request.redirect_uri == REDIRECT_URI
    digest = hashlib.sha256(preauth.code_verifier.encode()).digest()
    assert request.code_challenge == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert len({preauth.state, preauth.nonce, preauth.code_verifier}) == 3
    assert 43 <= len(preauth.code_verifier) <= 128
    assert preauth.next == "/dashboards/sales/"


def test_the_pkce_challenge_matches_the_rfc_7636_example():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@pytest.mark.parametrize("next_path", [None, "//evil.example", "https://evil.example"])
def test_an_offsite_next_becomes_the_root(oidc, next_path):
    assert oidc.begin(next_path)[1].next == "/"


def test_a_completed_sign_in_keys_the_user_by_issuer_and_subject(oidc, provider):
    signed = sign_in(oidc, provider, ALICE)
    assert (signed.user.issuer, signed.user.subject) == (ISSUER, "alice-123")
    assert signed.user.email == "alice@example.com"
    assert signed.claims["groups"] == ["finance"]
    assert signed.claims["iss"] == ISSUER


def test_the_same_subject_is_the_same_user_and_its_email_is_refreshed(oidc, provider):
    first = sign_in(oidc, provider, ALICE)
    second = sign_in(oidc, provider, {**ALICE, "email": "alice@new.example.com"})
    assert second.user.id == first.user.id
    assert second.user.email == "alice@new.example.com"


def test_the_same_email_under_another_subject_is_another_user(oidc, provider):
    first = sign_in(oidc, provider, ALICE)
    impostor = sign_in(oidc, provider, {**ALICE, "sub": "someone-else"})
    assert impostor.user.id != first.user.id


def test_an_email_the_provider_calls_unverified_is_not_taken(oidc, provider):
    signed = sign_in(oidc, provider, {**ALICE, "email_verified": False})
    assert signed.user.email is None


def test_the_configured_email_claim_is_used(provider, store, clock, tokens):
    settings = OidcSettings(issuer=ISSUER, client_id="plotpress", email_claim="upn")
    service = OidcService(provider, store, clock, tokens, SECRET, settings, REDIRECT_URI)
    signed = sign_in(service, provider, {"sub": "s", "upn": "Carol@Corp.example", "email": "x@y.z"})
    assert signed.user.email == "carol@corp.example"


def test_a_state_that_does_not_match_the_cookie_is_refused(oidc, provider):
    url, preauth = oidc.begin("/")
    state = parse_qs(urlsplit(url).query)["state"][0]
    code = provider.approve(state, ALICE)
    for forged in ("", None, state + "x", state[:-1]):
        with pytest.raises(StateMismatch):
            oidc.complete(code, forged, preauth)


def test_a_replayed_code_is_refused(oidc, provider):
    url, preauth = oidc.begin("/")
    state = parse_qs(urlsplit(url).query)["state"][0]
    code = provider.approve(state, ALICE)
    oidc.complete(code, state, preauth)
    with pytest.raises(IdentityRejected):
        oidc.complete(code, state, preauth)


def test_a_token_with_another_nonce_is_refused(oidc, provider):
    url, preauth = oidc.begin("/")
    state = parse_qs(urlsplit(url).query)["state"][0]
    code = provider.approve(state, ALICE, nonce="replayed-nonce")
    with pytest.raises(IdentityRejected, match="nonce"):
        oidc.complete(code, state, preauth)


def test_a_missing_code_is_refused(oidc):
    _, preauth = oidc.begin("/")
    with pytest.raises(IdentityRejected):
        oidc.complete(None, preauth.state, preauth)


def test_claims_from_another_issuer_are_refused(oidc, provider):
    with pytest.raises(IdentityRejected):
        sign_in(oidc, provider, {**ALICE, "iss": "https://evil.example"})


def test_claims_without_a_subject_are_refused(oidc, provider):
    with pytest.raises(IdentityRejected):
        sign_in(oidc, provider, {"email": "alice@example.com", "sub": ""})


def test_an_unreachable_provider_is_reported_as_such(oidc, provider):
    provider.unavailable = True
    with pytest.raises(ProviderUnavailable):
        oidc.begin("/")


def test_a_provider_failing_during_the_exchange_is_reported_as_such(oidc, provider):
    url, preauth = oidc.begin("/")
    state = parse_qs(urlsplit(url).query)["state"][0]
    code = provider.approve(state, ALICE)
    provider.unavailable = True
    with pytest.raises(ProviderUnavailable):
        oidc.complete(code, state, preauth)


def test_the_preauth_cookie_expires_with_the_service_clock(oidc, clock):
    _, preauth = oidc.begin("/")
    sealed = oidc.seal(preauth)
    clock.advance(600)
    assert oidc.unseal(sealed) == preauth
    clock.advance(1)
    with pytest.raises(PreAuthExpired):
        oidc.unseal(sealed)


def test_a_tampered_preauth_cookie_is_refused(oidc):
    _, preauth = oidc.begin("/")
    sealed = oidc.seal(preauth)
    with pytest.raises(PreAuthInvalid):
        oidc.unseal(sealed[:-1] + ("0" if sealed[-1] != "0" else "1"))
