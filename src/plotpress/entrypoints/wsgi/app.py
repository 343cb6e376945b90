"""The Falcon application factory: every collaborator is passed in, nothing at import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import falcon

from plotpress.adapters.pages import MarkdownPageRenderer
from plotpress.adapters.telemetry.prometheus import PrometheusTelemetry
from plotpress.domain.settings import Settings
from plotpress.entrypoints.wsgi import problems
from plotpress.entrypoints.wsgi.authn import AuthenticationMiddleware, Authenticator
from plotpress.entrypoints.wsgi.client_address import parse_networks
from plotpress.entrypoints.wsgi.cookies import CookiePolicy
from plotpress.entrypoints.wsgi.observability import MetricsResource, RequestTelemetry
from plotpress.entrypoints.wsgi.pages_routes import PAGE_LINKS, add_page_routes
from plotpress.entrypoints.wsgi.periodic import Periodic
from plotpress.entrypoints.wsgi.resources import admin, auth
from plotpress.entrypoints.wsgi.resources.health import HealthResource, ReadyResource
from plotpress.entrypoints.wsgi.resources.me import MeResource
from plotpress.entrypoints.wsgi.resources.query import QueryResource
from plotpress.entrypoints.wsgi.security import (
    BodyLimit,
    CrossSiteRequestRefusal,
    SecurityHeaders,
)
from plotpress.entrypoints.wsgi.session_auth import SessionAuthenticator
from plotpress.entrypoints.wsgi.templating import Templates
from plotpress.entrypoints.wsgi.watcher import WorkspaceWatcher
from plotpress.ports.clock import Clock
from plotpress.ports.connector_registry import Connectors
from plotpress.ports.identity_provider import IdentityProvider
from plotpress.ports.mailer import Mailer
from plotpress.ports.store import MetadataStore
from plotpress.ports.telemetry import Telemetry
from plotpress.ports.tokens import TokenFactory
from plotpress.ports.workspace_source import WorkspaceSource
from plotpress.services.auth.oidc import OidcService
from plotpress.services.auth.otp import OtpService
from plotpress.services.auth.sessions import SessionService
from plotpress.services.query.runner import QueryService
from plotpress.services.reload import Reloader
from plotpress.services.workspace_state import WorkspaceState

OIDC_CALLBACK = "/auth/oidc/callback"

App = falcon.App[falcon.Request, falcon.Response]


@attrs.frozen
class Ports:
    """Everything the app talks to outside itself."""

    store: MetadataStore
    connectors: Connectors
    clock: Clock
    tokens: TokenFactory
    mailer: Mailer
    source: WorkspaceSource
    identity_provider: IdentityProvider | None = None


def create_app(
    settings: Settings,
    *,
    state: WorkspaceState,
    ports: Ports,
    secret: str,
    authenticator: Authenticator | None = None,
    fingerprint: Callable[[], str] | None = None,
    after_reload: Callable[[], object] | None = None,
) -> App:
    """Build the WSGI app (tests pass fakes; ``app_from_env`` passes real adapters).

    ``authenticator`` replaces the session cookie for tests that need a fixed viewer;
    ``fingerprint`` (a cheap workspace change detector) turns on reload-on-change;
    ``after_reload`` runs after a successful ``POST /admin/reload`` (under ``plotpress
    serve`` it has the master replace every worker, so all of them follow).
    """
    cookies = CookiePolicy(secure=settings.secure_cookies, session_ttl=settings.auth.session_ttl)
    sessions = SessionService(
        ports.store, ports.clock, ports.tokens, secret, settings.auth.session_ttl
    )
    telemetry = PrometheusTelemetry()
    middleware: list[Any] = [
        RequestTelemetry(telemetry),
        BodyLimit(),
        CrossSiteRequestRefusal(settings.public_url),
        AuthenticationMiddleware(
            authenticator or SessionAuthenticator(sessions, cookies, settings.auth)
        ),
        SecurityHeaders(hsts=settings.secure_cookies),
    ]
    app = falcon.App(middleware=middleware)
    app.req_options.strip_url_path_trailing_slash = False
    problems.install(app)

    queries = QueryService(
        store=ports.store,
        connectors=ports.connectors,
        clock=ports.clock,
        cache_ttl=settings.cache.ttl,
        telemetry=telemetry,
    )
    templates = Templates()
    add_page_routes(
        app,
        state=state,
        queries=queries,
        renderer=MarkdownPageRenderer(PAGE_LINKS),
        templates=templates,
    )
    app.add_route("/api/query", QueryResource(queries, state))
    app.add_route("/api/me", MeResource(state))
    app.add_route("/healthz", HealthResource())
    app.add_route("/metrics", MetricsResource(telemetry))
    app.add_route("/readyz", ReadyResource(ports.store, state))
    _add_auth_routes(
        app,
        settings=settings,
        ports=ports,
        sessions=sessions,
        cookies=cookies,
        secret=secret,
        templates=templates,
        telemetry=telemetry,
    )
    app.add_route("/admin/refresh-users", admin.RefreshUsersResource(sessions))
    reloader = Reloader(ports.source, state, sessions)
    app.add_route("/admin/reload", admin.ReloadResource(reloader, after_reload))
    if fingerprint is not None:
        watcher = WorkspaceWatcher(reloader.reload, fingerprint)
        Periodic("workspace-watcher", watcher.interval, watcher.check).start()
    app.add_route("/admin/audit", admin.AuditResource(ports.store))
    return app


def _add_auth_routes(
    app: App,
    *,
    settings: Settings,
    ports: Ports,
    sessions: SessionService,
    cookies: CookiePolicy,
    secret: str,
    templates: Templates,
    telemetry: Telemetry,
) -> None:
    oidc = None
    if settings.auth.oidc is not None and ports.identity_provider is not None:
        oidc = OidcService(
            ports.identity_provider,
            ports.store,
            ports.clock,
            ports.tokens,
            secret,
            settings.auth.oidc,
            settings.public_url.rstrip("/") + OIDC_CALLBACK,
        )
    page = auth.SignInPage(templates, settings, oidc_enabled=oidc is not None)
    otp = OtpService(
        ports.store, ports.mailer, ports.clock, ports.tokens, secret, settings.auth.email_otp
    )
    app.add_route("/auth/login", auth.LoginResource(page))
    proxies = parse_networks(settings.trusted_proxies)
    app.add_route("/auth/email", auth.EmailCodeResource(otp, page, proxies))
    app.add_route(
        "/auth/email/verify",
        auth.EmailVerifyResource(
            otp, sessions, cookies, page, telemetry=telemetry, proxies=proxies
        ),
    )
    app.add_route("/auth/logout", auth.LogoutResource(sessions, cookies))
    if oidc is not None:
        app.add_route("/auth/oidc/start", auth.OidcStartResource(oidc, cookies, page))
        app.add_route(
            OIDC_CALLBACK, auth.OidcCallbackResource(oidc, sessions, cookies, page, telemetry)
        )
