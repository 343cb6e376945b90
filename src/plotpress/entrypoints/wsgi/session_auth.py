"""The production Authenticator: the session cookie, resolved through SessionService."""

from __future__ import annotations

import attrs
import falcon

from plotpress.domain.settings import AuthSettings
from plotpress.domain.workspace import Dashboard
from plotpress.entrypoints.wsgi.cookies import CookiePolicy
from plotpress.services.auth.sessions import SessionService, SignedIn

PUBLIC_PREFIXES = ("/healthz", "/readyz", "/metrics", "/static/")


@attrs.frozen
class SessionViewer:
    """A signed-in viewer as the web layer and the query service see them."""

    signed_in: SignedIn
    sessions: SessionService
    is_admin: bool

    @property
    def email(self) -> str | None:
        return self.signed_in.email

    @property
    def audit_name(self) -> str:
        return self.signed_in.email or f"user:{self.signed_in.user.id}"

    def roles_on(self, dashboard: Dashboard) -> frozenset[str]:
        return self.sessions.roles_for(self.signed_in, dashboard)

    def roles_by_dashboard(self, dashboards: list[Dashboard]) -> dict[str, frozenset[str]]:
        return self.sessions.roles_by_dashboard(self.signed_in, dashboards)


class SessionAuthenticator:
    def __init__(self, sessions: SessionService, cookies: CookiePolicy, auth: AuthSettings) -> None:
        self._sessions = sessions
        self._cookies = cookies
        self._auth = auth

    def viewer(self, req: falcon.Request) -> SessionViewer | None:
        # Health probes and static files never touch the metadata store, so they keep
        # answering while it is down.
        if req.path.startswith(PUBLIC_PREFIXES):
            return None
        token = self._cookies.read(req, self._cookies.session_name)
        if token is None:
            return None
        signed_in = self._sessions.resolve(token)
        if signed_in is None:
            return None
        return SessionViewer(
            signed_in, self._sessions, SessionService.is_admin(signed_in, self._auth)
        )
