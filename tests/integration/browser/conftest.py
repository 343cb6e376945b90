"""The real app (real SQLite metadata store, real page routes) served on a loopback port,
a signed-in test user, and Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import falcon
import falcon.testing
import pytest

from plotpress.adapters.connector_registry import ConnectorRegistry
from plotpress.adapters.connectors import build_connector
from plotpress.adapters.sqlite import SqliteStore
from plotpress.adapters.system import SecretsTokenFactory, SystemClock
from plotpress.domain.settings import CacheSettings, Settings
from plotpress.entrypoints.wsgi.app import Ports, create_app
from plotpress.services.auth.sessions import SessionService
from plotpress.services.workspace_state import WorkspaceState
from tests.fakes.mailer import RecordingMailer
from tests.fakes.workspace_source import StaticSource
from tests.integration.browser.server import serve
from tests.integration.browser.workspace import ANALYST, build_workspace, write_databases
from tests.services import chromium_path

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SECRET = "browser-tests-" + "s" * 32
COOKIE = "plotpress_session"


@attrs.frozen
class LiveApp:
    app: Any
    store: SqliteStore
    sessions: SessionService
    url: str = ""

    def session_for(self, email: str) -> str:
        """A real session token for ``email``, as a completed sign-in would give."""
        clock, tokens = SystemClock(), SecretsTokenFactory()
        with self.store.unit_of_work() as uow:
            user = uow.users.upsert_email_user(email, clock.now(), tokens.new_id())
        return self.sessions.start(user, {"email": email, "sub": f"email:{email}"})


def build_app(root: Path) -> tuple[Any, SqliteStore, SessionService]:
    write_databases(root)
    store = SqliteStore(root / "meta.db")
    store.migrate()
    workspace = build_workspace()
    clock, tokens = SystemClock(), SecretsTokenFactory()
    ports = Ports(
        store=store,
        connectors=ConnectorRegistry(root, build_connector),
        clock=clock,
        tokens=tokens,
        mailer=RecordingMailer(),
        source=StaticSource(workspace),
    )
    settings = Settings(cache=CacheSettings(ttl=0))
    app = create_app(settings, state=WorkspaceState(workspace), ports=ports, secret=SECRET)
    sessions = SessionService(store, clock, tokens, SECRET, settings.auth.session_ttl)
    return app, store, sessions


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    app, store, sessions = build_app(tmp_path_factory.mktemp("workspace"))
    with serve(app) as url:
        yield LiveApp(app, store, sessions, url)
    store.close()


@pytest.fixture(scope="session")
def client(live_app: LiveApp) -> falcon.testing.TestClient:
    token = live_app.session_for(ANALYST)
    return falcon.testing.TestClient(live_app.app, headers={"Cookie": f"{COOKIE}={token}"})


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@attrs.define
class Problems:
    """What went wrong in the page: console errors, uncaught exceptions, CSP violations."""

    console_errors: list[str] = attrs.Factory(list)
    page_errors: list[str] = attrs.Factory(list)
    csp_violations: list[str] = attrs.Factory(list)


_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.warn("csp-violation " + e.violatedDirective + " " + e.blockedURI);
});
"""


def open_context(browser: Any, live_app: LiveApp, **options: Any) -> Any:
    context = browser.new_context(base_url=live_app.url, accept_downloads=True, **options)
    token = live_app.session_for(ANALYST)
    context.add_cookies([{"name": COOKIE, "value": token, "url": live_app.url}])
    # Injected by the driver, outside the page's CSP.
    context.add_init_script(_CSP_LISTENER)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Any, live_app: LiveApp, problems: Problems) -> Iterator[Any]:
    context = open_context(browser, live_app)
    tab = context.new_page()

    def on_console(message: Any) -> None:
        if message.text.startswith("csp-violation"):
            problems.csp_violations.append(message.text)
        elif message.type == "error":
            problems.console_errors.append(message.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    yield tab
    context.close()
