"""A whole app over fakes with the real session cookie, shared by the web tests."""

from __future__ import annotations

from urllib.parse import urlencode

import attrs
import falcon.testing
import pytest

from plotpress.domain.settings import AuthSettings, Settings
from plotpress.entrypoints.wsgi.app import Ports, create_app
from plotpress.ports.connector import Column
from plotpress.services.workspace_state import WorkspaceState
from tests.fakes.clock import FakeClock
from tests.fakes.connectors import FakeConnector, FakeConnectors, FakeTable
from tests.fakes.mailer import RecordingMailer
from tests.fakes.store import InMemoryStore
from tests.fakes.tokens import SequentialTokens
from tests.fakes.workspace_source import StaticSource
from tests.unit.query.builders import sales_workspace

ADMIN_EMAIL = "ops@acme.example"


@attrs.define
class Site:
    client: falcon.testing.TestClient
    mailer: RecordingMailer
    clock: FakeClock
    store: InMemoryStore
    connector: FakeConnector


@pytest.fixture
def site() -> Site:
    clock, mailer, store = FakeClock(), RecordingMailer(), InMemoryStore()
    connector = FakeConnector(
        tables={"sales_by_region": FakeTable((Column("year", "integer"),), ((2026,),))}
    )
    workspace = sales_workspace()
    settings = Settings(auth=AuthSettings(admins=frozenset({ADMIN_EMAIL}), session_ttl=3600))
    ports = Ports(
        store=store,
        connectors=FakeConnectors(default=connector),
        clock=clock,
        tokens=SequentialTokens(),
        mailer=mailer,
        source=StaticSource(workspace),
    )
    app = create_app(settings, state=WorkspaceState(workspace), ports=ports, secret="k" * 32)
    return Site(falcon.testing.TestClient(app), mailer, clock, store, connector)


def post_form(site: Site, path: str, fields: dict[str, str], **kwargs):
    return site.client.simulate_post(
        path,
        body=urlencode(fields),
        content_type="application/x-www-form-urlencoded",
        **kwargs,
    )


def sign_in(site: Site, email: str) -> str:
    """Run the OTP flow through the forms; return the session cookie value."""
    resp = post_form(site, "/auth/email", {"email": email, "next": "/api/me"})
    assert resp.status_code == 202
    code = site.mailer.sent[-1].code
    resp = post_form(site, "/auth/email/verify", {"email": email, "code": code, "next": "/api/me"})
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/api/me")
    cookie = resp.cookies["plotpress_session"]
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert cookie.path == "/"
    return cookie.value


def me(site: Site, token: str):
    return site.client.simulate_get("/api/me", cookies={"plotpress_session": token})
