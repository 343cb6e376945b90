"""OIDC through the app's own routes: /auth/oidc/start → the real provider → callback."""

from __future__ import annotations

from urllib.parse import urlsplit

import falcon.testing
import pytest

from plotpress.adapters.oidc import OidcProvider
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.domain.settings import AuthSettings, EmailOtpSettings, OidcSettings, Settings
from plotpress.domain.workspace import Dashboard, Role, Workspace
from plotpress.entrypoints.wsgi.app import Ports, create_app
from plotpress.services.workspace_state import WorkspaceState
from tests.fakes.connectors import FakeConnectors
from tests.fakes.mailer import RecordingMailer
from tests.fakes.workspace_source import StaticSource
from tests.integration.auth.oidc_browser import approve_at_provider

PUBLIC_URL = "http://plotpress.test"
PREAUTH = "plotpress_oidc"
SESSION = "plotpress_session"


def _board(slug: str, group: str) -> Dashboard:
    role = Role("analyst", from_claim="groups", match=frozenset({group}))
    return Dashboard(
        slug=slug, title=slug.title(), pages=(), connections={}, roles={"analyst": role}
    )


@pytest.fixture
def client(provider_process, sqlite_store):
    workspace = Workspace(
        {"sales": _board("sales", "analysts"), "finance": _board("finance", "finance-team")}
    )
    oidc = OidcSettings(issuer=provider_process, client_id="plotpress", client_secret="s3cret")
    settings = Settings(
        public_url=PUBLIC_URL,
        auth=AuthSettings(oidc=oidc, email_otp=EmailOtpSettings(enabled=False)),
    )
    clock = SystemClock()
    ports = Ports(
        store=sqlite_store,
        connectors=FakeConnectors(),
        clock=clock,
        tokens=SecretsTokenFactory(),
        mailer=RecordingMailer(),
        source=StaticSource(workspace),
        identity_provider=OidcProvider(oidc, clock),
    )
    app = create_app(settings, state=WorkspaceState(workspace), ports=ports, secret="x" * 32)
    return falcon.testing.TestClient(app)


def _start(client, next_path="/api/me"):
    resp = client.simulate_get("/auth/oidc/start", params={"next": next_path})
    assert resp.status_code == 302
    assert resp.cookies[PREAUTH].http_only
    return resp.headers["Location"], resp.cookies[PREAUTH].value


def test_the_login_page_offers_single_sign_on(client):
    html = client.simulate_get("/auth/login", params={"next": "/x"}).text
    assert 'href="/auth/oidc/start?next=/x"' in html
    assert 'action="/auth/email"' not in html  # e-mail codes are disabled here


def test_signing_in_at_the_provider_opens_a_session_with_claim_roles(client):
    location, preauth = _start(client)
    assert location.split("?")[0].endswith("/authorize") or "code_challenge=" in location
    assert "code_challenge_method=S256" in location
    callback = approve_at_provider(location, "alice")
    resp = client.simulate_get("/auth/oidc/callback", params=callback, cookies={PREAUTH: preauth})
    assert resp.status_code == 303
    assert urlsplit(resp.headers["Location"]).path == "/api/me"
    token = resp.cookies[SESSION].value
    me = client.simulate_get("/api/me", cookies={SESSION: token}).json
    assert me["email"] == "alice@example.com"
    assert me["dashboards"] == [{"slug": "sales", "title": "Sales", "roles": ["analyst"]}]


def test_a_tampered_state_gets_no_session(client):
    location, preauth = _start(client)
    callback = approve_at_provider(location, "alice")
    callback["state"] = callback["state"][:-2] + "xx"
    resp = client.simulate_get("/auth/oidc/callback", params=callback, cookies={PREAUTH: preauth})
    assert resp.status_code == 400
    assert SESSION not in resp.cookies
    assert "Single sign-on failed" in resp.text


def test_a_callback_without_the_pre_auth_cookie_gets_no_session(client):
    location, _ = _start(client)
    callback = approve_at_provider(location, "bob")
    resp = client.simulate_get("/auth/oidc/callback", params=callback)
    assert resp.status_code == 400
    assert SESSION not in resp.cookies


def test_a_provider_error_on_the_callback_is_a_clear_page(client):
    resp = client.simulate_get("/auth/oidc/callback", params={"error": "access_denied"})
    assert resp.status_code == 400
    assert "cancelled or refused" in resp.text


def test_next_cannot_send_the_browser_off_site(client):
    location, preauth = _start(client, next_path="//evil.example/")
    callback = approve_at_provider(location, "bob")
    resp = client.simulate_get("/auth/oidc/callback", params=callback, cookies={PREAUTH: preauth})
    assert resp.status_code == 303
    assert resp.headers["Location"] in ("/", f"{PUBLIC_URL}/")
