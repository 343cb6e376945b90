"""Claims from a real provider become roles per dashboard, and only there."""

from __future__ import annotations

import pytest

from plotpress.adapters.oidc import OidcProvider
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.domain.settings import OidcSettings
from plotpress.domain.workspace import Dashboard, Role
from plotpress.services.auth.oidc import OidcService
from plotpress.services.auth.sessions import SessionService
from tests.integration.auth.oidc_browser import approve_at_provider

SECRET = "integration-secret-0123456789abcdef"
REDIRECT_URI = "http://127.0.0.1:8080/auth/oidc/callback"


def board(slug: str, group: str) -> Dashboard:
    # The same role name in both folders: two unrelated roles (SPEC §2).
    role = Role("analyst", from_claim="groups", match=frozenset({group}))
    return Dashboard(slug=slug, title=slug, pages=(), connections={}, roles={"analyst": role})


SALES = board("sales", "analysts")
FINANCE = board("finance", "finance-team")


@pytest.fixture
def services(provider_process, sqlite_store):
    clock, tokens = SystemClock(), SecretsTokenFactory()
    settings = OidcSettings(issuer=provider_process, client_id="plotpress", client_secret="x")
    oidc = OidcService(
        OidcProvider(settings, clock), sqlite_store, clock, tokens, SECRET, settings, REDIRECT_URI
    )
    sessions = SessionService(sqlite_store, clock, tokens, SECRET, session_ttl=3600)
    return oidc, sessions


def session_token(services, subject):
    oidc, sessions = services
    url, preauth = oidc.begin("/")
    callback = approve_at_provider(url, subject)
    signed = oidc.complete(callback["code"], callback["state"], preauth)
    return sessions.start(signed.user, signed.claims)


def signed_in_as(services, subject):
    return services[1].resolve(session_token(services, subject))


def test_a_matching_groups_claim_grants_the_role_on_that_dashboard_only(services):
    _, sessions = services
    alice = signed_in_as(services, "alice")  # groups: [analysts]
    assert sessions.roles_for(alice, SALES) == {"analyst"}
    assert sessions.roles_for(alice, FINANCE) == frozenset()


def test_another_group_gets_the_other_dashboard_only(services):
    _, sessions = services
    bob = signed_in_as(services, "bob")  # groups: [finance-team]
    assert sessions.roles_by_dashboard(bob, [SALES, FINANCE]) == {
        "sales": frozenset(),
        "finance": {"analyst"},
    }


def test_the_resolved_roles_are_cached_with_the_session_in_the_store(services):
    _, sessions = services
    token = session_token(services, "alice")
    sessions.roles_by_dashboard(sessions.resolve(token), [SALES, FINANCE])
    cached = {k.split("#", 1)[0]: v for k, v in sessions.resolve(token).session.roles.items()}
    assert cached == {"sales": {"analyst"}, "finance": frozenset()}
    assert sessions.refresh("alice@example.com") == 1
    assert sessions.resolve(token).session.roles in (None, {})
