"""The Falcon app over fakes, driven with falcon.testing."""

from __future__ import annotations

import attrs
import falcon
import falcon.testing

from plotpress.domain.settings import Settings
from plotpress.entrypoints.wsgi.app import Ports, create_app
from plotpress.services.workspace_state import WorkspaceState
from tests.fakes.clock import FakeClock
from tests.fakes.connectors import FakeConnector, FakeConnectors
from tests.fakes.mailer import RecordingMailer
from tests.fakes.store import InMemoryStore
from tests.fakes.tokens import SequentialTokens
from tests.fakes.workspace_source import StaticSource
from tests.unit.query.builders import IdentityViewer


@attrs.define
class HeaderAuthenticator:
    """Test-only: the viewer named by the X-Test-Viewer header (absent: signed out)."""

    viewers: dict[str, IdentityViewer]

    def viewer(self, req: falcon.Request) -> IdentityViewer | None:
        name = req.get_header("X-Test-Viewer")
        return self.viewers.get(name) if name else None


@attrs.define
class WebHarness:
    client: falcon.testing.TestClient
    store: InMemoryStore
    connector: FakeConnector
    state: WorkspaceState


def web_harness(workspace, connector: FakeConnector, viewers, settings: Settings | None = None):
    store = InMemoryStore()
    state = WorkspaceState(workspace)
    ports = Ports(
        store=store,
        connectors=FakeConnectors(default=connector),
        clock=FakeClock(),
        tokens=SequentialTokens(),
        mailer=RecordingMailer(),
        source=StaticSource(workspace),
    )
    app = create_app(
        settings or Settings(),
        state=state,
        ports=ports,
        secret="s" * 32,
        authenticator=HeaderAuthenticator(viewers),
    )
    return WebHarness(falcon.testing.TestClient(app), store, connector, state)
