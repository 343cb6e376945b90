"""Sign-in and sign-out: ``/auth/login``, ``/auth/email``, ``/auth/email/verify``,
``/auth/oidc/start``, ``/auth/oidc/callback``, ``/auth/logout``.

Forms accept ``application/x-www-form-urlencoded`` and JSON alike; a JSON request gets a
JSON answer, a form gets the sign-in page (or a redirect once signed in).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping

import attrs
import falcon

from plotpress.domain.settings import Settings
from plotpress.entrypoints.wsgi.client_address import Network, client_address
from plotpress.entrypoints.wsgi.cookies import CookiePolicy
from plotpress.entrypoints.wsgi.templating import Templates
from plotpress.ports.telemetry import Telemetry
from plotpress.services.auth.oidc import OidcService
from plotpress.services.auth.oidc_errors import OidcError, ProviderUnavailable
from plotpress.services.auth.otp import (
    CodeExpired,
    CodeInvalid,
    CodeNotSent,
    InvalidAddress,
    OtpDisabled,
    OtpError,
    OtpService,
    RateLimited,
    TooManyAttempts,
)
from plotpress.services.auth.redirects import safe_next
from plotpress.services.auth.sessions import SessionService
from plotpress.services.auth.signin import SignIn

log = logging.getLogger(__name__)

MAX_FIELD = 512


def form(req: falcon.Request) -> dict[str, str]:
    """Text fields of a urlencoded or JSON body (other values are ignored)."""
    try:
        media = req.get_media(default_when_empty={})
    except (falcon.MediaMalformedError, falcon.HTTPUnsupportedMediaType):
        return {}
    if not isinstance(media, Mapping):
        return {}
    return {k: v[:MAX_FIELD] for k, v in media.items() if isinstance(v, str)}


def wants_json(req: falcon.Request) -> bool:
    return (req.content_type or "").startswith("application/json")


@attrs.frozen
class SignInPage:
    templates: Templates
    settings: Settings
    oidc_enabled: bool

    def show(
        self,
        resp: falcon.Response,
        *,
        status: int = 200,
        step: str = "start",
        email: str = "",
        next_path: str = "/",
        message: str | None = None,
        message_kind: str = "error",
    ) -> None:
        resp.status = status
        resp.content_type = falcon.MEDIA_HTML
        resp.text = self.templates.render(
            "auth/login.html",
            step=step,
            email=email,
            next=safe_next(next_path),
            message=message,
            message_kind=message_kind,
            email_enabled=self.settings.auth.email_otp.enabled,
            oidc_enabled=self.oidc_enabled,
        )


def answer_error(
    req: falcon.Request,
    resp: falcon.Response,
    page: SignInPage,
    status: int,
    message: str,
    *,
    email: str,
    next_path: str,
    step: str,
) -> None:
    """The sign-in page again with ``message``, or a JSON error for JSON clients."""
    if wants_json(req):
        resp.status = status
        resp.media = {"status": "error", "detail": message}
        return
    page.show(resp, status=status, step=step, email=email, next_path=next_path, message=message)


def _minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class LoginResource:
    def __init__(self, page: SignInPage) -> None:
        self._page = page

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        next_path = safe_next(req.get_param("next"))
        if req.context.viewer is not None:
            raise falcon.HTTPSeeOther(next_path)
        self._page.show(resp, next_path=next_path)


class EmailCodeResource:
    """``POST /auth/email``: mail a code; the same answer whether the address is known."""

    def __init__(self, otp: OtpService, page: SignInPage, proxies: tuple[Network, ...]) -> None:
        self._otp = otp
        self._page = page
        self._proxies = proxies

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        fields = form(req)
        email, next_path = fields.get("email", "").strip(), fields.get("next", "/")
        try:
            self._otp.request_code(email, client_address(req, self._proxies))
        except RateLimited as exc:
            resp.set_header("Retry-After", str(exc.retry_after))
            message = f"Too many codes requested. Try again in {_minutes(exc.retry_after)}."
            return answer_error(
                req, resp, self._page, 429, message, email=email, next_path=next_path, step="start"
            )
        except (InvalidAddress, OtpDisabled) as exc:
            return answer_error(
                req, resp, self._page, 400, str(exc), email=email, next_path=next_path, step="start"
            )
        except CodeNotSent as exc:
            return answer_error(
                req, resp, self._page, 503, str(exc), email=email, next_path=next_path, step="start"
            )
        if wants_json(req):
            resp.status = falcon.HTTP_202
            resp.media = {
                "status": "sent",
                "detail": "If this address may sign in, a code is on its way.",
            }
            return None
        self._page.show(
            resp,
            status=202,
            step="code",
            email=email,
            next_path=next_path,
            message="A sign-in code is on its way. It is valid for "
            f"{_minutes(int(self._page.settings.auth.email_otp.code_ttl))}.",
            message_kind="info",
        )
        return None


class EmailVerifyResource:
    """``POST /auth/email/verify``: check the code, open a session, go to ``next``."""

    def __init__(
        self,
        otp: OtpService,
        sessions: SessionService,
        cookies: CookiePolicy,
        page: SignInPage,
        *,
        telemetry: Telemetry,
        proxies: tuple[Network, ...],
    ) -> None:
        self._otp = otp
        self._sessions = sessions
        self._cookies = cookies
        self._page = page
        self._telemetry = telemetry
        self._proxies = proxies

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        fields = form(req)
        email, code = fields.get("email", "").strip(), fields.get("code", "").strip()
        next_path = safe_next(fields.get("next"))
        try:
            sign_in = self._otp.verify(email, code, client_address(req, self._proxies))
        except (RateLimited, OtpError) as exc:
            self._telemetry.sign_in("email", _OUTCOMES.get(type(exc), "refused"))
            status, message, step = _verify_failure(exc)
            if isinstance(exc, RateLimited):
                resp.set_header("Retry-After", str(exc.retry_after))
            answer_error(
                req, resp, self._page, status, message, email=email, next_path=next_path, step=step
            )
            return
        self._telemetry.sign_in("email", "ok")
        start_session(self._sessions, self._cookies, resp, sign_in)
        if wants_json(req):
            resp.media = {"status": "signed_in", "next": next_path}
            return
        raise falcon.HTTPSeeOther(next_path)


_OUTCOMES: dict[type[Exception], str] = {
    RateLimited: "rate_limited",
    CodeInvalid: "wrong_code",
    CodeExpired: "expired",
    TooManyAttempts: "too_many_attempts",
}


def _verify_failure(exc: Exception) -> tuple[int, str, str]:
    """Status, message and which form to show again, for a failed code check."""
    if isinstance(exc, RateLimited):
        return 429, f"Too many tries. Try again in {_minutes(exc.retry_after)}.", "code"
    if isinstance(exc, CodeInvalid):
        left = f" {exc.attempts_left} tr{'y' if exc.attempts_left == 1 else 'ies'} left."
        return 400, str(exc) + left, "code"
    return 400, str(exc), "start"


def start_session(
    sessions: SessionService, cookies: CookiePolicy, resp: falcon.Response, sign_in: SignIn
) -> None:
    token = sessions.start(sign_in.user, sign_in.claims)
    cookies.set(resp, cookies.session_name, token, cookies.session_ttl)


class OidcStartResource:
    def __init__(self, oidc: OidcService, cookies: CookiePolicy, page: SignInPage) -> None:
        self._oidc = oidc
        self._cookies = cookies
        self._page = page

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        try:
            url, preauth = self._oidc.begin(req.get_param("next"))
        except ProviderUnavailable:
            log.warning("OIDC provider unavailable at sign-in start")
            self._page.show(resp, status=503, message="Single sign-on is unavailable right now.")
            return
        self._cookies.set(resp, self._cookies.preauth_name, self._oidc.seal(preauth), 600)
        raise falcon.HTTPFound(url)


class OidcCallbackResource:
    def __init__(
        self,
        oidc: OidcService,
        sessions: SessionService,
        cookies: CookiePolicy,
        page: SignInPage,
        telemetry: Telemetry,
    ) -> None:
        self._oidc = oidc
        self._sessions = sessions
        self._cookies = cookies
        self._page = page
        self._telemetry = telemetry

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        self._cookies.clear(resp, self._cookies.preauth_name)
        if req.get_param("error"):
            log.info("OIDC provider returned an error to the callback")
            self._telemetry.sign_in("oidc", "cancelled")
            self._page.show(resp, status=400, message="Single sign-on was cancelled or refused.")
            return
        try:
            preauth = self._oidc.unseal(self._cookies.read(req, self._cookies.preauth_name))
            sign_in = self._oidc.complete(req.get_param("code"), req.get_param("state"), preauth)
        except ProviderUnavailable:
            self._telemetry.sign_in("oidc", "provider_unavailable")
            self._page.show(resp, status=503, message="Single sign-on is unavailable right now.")
            return
        except OidcError as exc:
            log.warning("OIDC sign-in refused: %s", exc)
            self._telemetry.sign_in("oidc", "rejected")
            self._page.show(resp, status=400, message="Single sign-on failed. Please try again.")
            return
        self._telemetry.sign_in("oidc", "ok")
        start_session(self._sessions, self._cookies, resp, sign_in)
        raise falcon.HTTPSeeOther(preauth.next)


class LogoutResource:
    def __init__(self, sessions: SessionService, cookies: CookiePolicy) -> None:
        self._sessions = sessions
        self._cookies = cookies

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        self._sessions.end(self._cookies.read(req, self._cookies.session_name))
        self._cookies.clear(resp, self._cookies.session_name)
        if wants_json(req):
            resp.media = {"status": "signed_out"}
            return
        raise falcon.HTTPSeeOther("/auth/login")
