"""The whole OIDC sign-in against a real provider process on loopback."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from plotpress.adapters.oidc import OidcProvider
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.domain.settings import OidcSettings
from plotpress.services.auth.oidc import (
    IdentityRejected,
    OidcService,
    PreAuthExpired,
    PreAuthInvalid,
    StateMismatch,
)
from plotpress.services.auth.preauth import unseal
from plotpress.services.auth.sessions import SessionService
from tests.integration.auth.conftest import database_bytes
from tests.integration.auth.oidc_browser import approve_at_provider

SECRET = "integration-secret-0123456789abcdef"
CLIENT_SECRET = "plotpress-client-secret-for-tests"
REDIRECT_URI = "http://127.0.0.1:8080/auth/oidc/callback"


@pytest.fixture
def clock():
    return SystemClock()  # the provider stamps tokens with real time


@pytest.fixture
def oidc(provider_process, sqlite_store, clock):
    settings = OidcSettings(
        issuer=provider_process, client_id="plotpress", client_secret=CLIENT_SECRET
    )
    provider = OidcProvider(settings, clock)
    return OidcService(
        provider, sqlite_store, clock, SecretsTokenFactory(), SECRET, settings, REDIRECT_URI
    )


@pytest.fixture
def sessions(sqlite_store, clock):
    return SessionService(sqlite_store, clock, SecretsTokenFactory(), SECRET, session_ttl=3600)


def test_a_person_signs_in_at_the_provider_and_gets_a_session(oidc, sessions, provider_process):
    url, preauth = oidc.begin("/dashboards/sales/?year=2026")
    cookie = oidc.seal(preauth)
    callback = approve_at_provider(url, "alice")

    returned = oidc.unseal(cookie)
    signed = oidc.complete(callback["code"], callback["state"], returned)

    assert (signed.user.issuer, signed.user.subject) == (provider_process, "alice")
    assert signed.user.email == "alice@example.com"
    assert signed.claims["groups"] == ["analysts"]
    assert returned.next == "/dashboards/sales/?year=2026"
    token = sessions.start(signed.user, signed.claims)
    resolved = sessions.resolve(token)
    assert resolved is not None
    assert resolved.user.id == signed.user.id
    assert resolved.claims["groups"] == ["analysts"]


def test_signing_in_again_is_the_same_user(oidc):
    users = []
    for _ in range(2):
        url, preauth = oidc.begin("/")
        callback = approve_at_provider(url, "bob")
        users.append(oidc.complete(callback["code"], callback["state"], preauth).user)
    assert users[0].id == users[1].id


def test_a_code_cannot_be_redeemed_twice(oidc):
    url, preauth = oidc.begin("/")
    callback = approve_at_provider(url, "alice")
    oidc.complete(callback["code"], callback["state"], preauth)
    with pytest.raises(IdentityRejected):
        oidc.complete(callback["code"], callback["state"], preauth)


def test_a_tampered_state_is_refused_before_the_code_is_redeemed(oidc):
    url, preauth = oidc.begin("/")
    callback = approve_at_provider(url, "alice")
    with pytest.raises(StateMismatch):
        oidc.complete(callback["code"], callback["state"] + "x", preauth)
    # The code was not spent on the forged callback: the genuine one still works.
    assert oidc.complete(callback["code"], callback["state"], preauth).user.subject == "alice"


def test_a_callback_for_another_browsers_attempt_is_refused(oidc):
    url, _ = oidc.begin("/")
    _, my_preauth = oidc.begin("/")
    callback = approve_at_provider(url, "alice")
    with pytest.raises(StateMismatch):
        oidc.complete(callback["code"], callback["state"], my_preauth)


def test_a_tampered_or_expired_preauth_cookie_is_refused(oidc, clock):
    _, preauth = oidc.begin("/")
    cookie = oidc.seal(preauth)
    payload, _, signature = cookie.rpartition(".")
    with pytest.raises(PreAuthInvalid):
        oidc.unseal(payload[:-2] + "AA" + "." + signature)
    with pytest.raises(PreAuthExpired):
        unseal(cookie, SECRET, clock.now() + dt.timedelta(seconds=601), 600)


def test_no_secret_of_the_flow_reaches_the_logs_or_the_database(
    oidc, sessions, sqlite_store, caplog
):
    with caplog.at_level(logging.DEBUG):
        url, preauth = oidc.begin("/")
        callback = approve_at_provider(url, "alice")
        caplog.clear()  # what the test's own browser logged is not ours
        signed = oidc.complete(callback["code"], callback["state"], oidc.unseal(oidc.seal(preauth)))
        token = sessions.start(signed.user, signed.claims)
        sessions.resolve(token)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    stored = database_bytes(sqlite_store)
    for secret in (
        callback["code"],
        preauth.state,
        preauth.code_verifier,
        CLIENT_SECRET,
        SECRET,
        token,
    ):
        assert secret not in logged
        assert secret.encode() not in stored
