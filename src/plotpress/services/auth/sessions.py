"""Sessions: opaque cookie tokens whose keyed hash identifies a stored session.

The HTTP layer's whole contract:

- after a sign-in, ``token = sessions.start(sign_in.user, sign_in.claims)`` and put
  ``token`` in the session cookie (the token itself is stored nowhere);
- per request, ``signed_in = sessions.resolve(cookie_value)``; None means signed out;
- ``sessions.roles_for(signed_in, dashboard)`` (or ``roles_by_dashboard`` for a list);
- ``sessions.end(cookie_value)`` on logout; ``sessions.refresh(email)`` for
  ``POST /admin/refresh-users``; ``sessions.is_admin(signed_in, auth_settings)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from plotpress.domain.access import Identity, resolve_roles, roles_fingerprint
from plotpress.domain.identity import Session, User
from plotpress.domain.settings import AuthSettings
from plotpress.domain.workspace import Dashboard
from plotpress.ports.clock import Clock
from plotpress.ports.store import MetadataStore
from plotpress.ports.tokens import TokenFactory
from plotpress.services.auth.hashing import SESSION_PURPOSE, check_secret, keyed_hash

TOKEN_BYTES = 32  # 256 random bits; the issue asks for at least 128
MAX_TOKEN_LENGTH = 256  # a longer cookie cannot be ours; not worth hashing
TOUCH_INTERVAL = dt.timedelta(minutes=5)


@attrs.frozen
class SignedIn:
    """The signed-in user of one request and the session that proves it."""

    user: User
    session: Session

    @property
    def email(self) -> str | None:
        return self.user.email

    @property
    def claims(self) -> Mapping[str, object]:
        return self.session.claims

    @property
    def identity(self) -> Identity:
        return Identity(email=self.user.email, claims=self.session.claims)


class SessionService:
    def __init__(
        self,
        store: MetadataStore,
        clock: Clock,
        tokens: TokenFactory,
        secret: str,
        session_ttl: float,
        *,
        touch_interval: dt.timedelta = TOUCH_INTERVAL,
    ) -> None:
        """``session_ttl`` is the absolute lifetime in seconds (``auth.session_ttl``)."""
        if session_ttl <= 0:
            raise ValueError("session_ttl must be positive")
        self._store = store
        self._clock = clock
        self._tokens = tokens
        self._secret = check_secret(secret)
        self._ttl = dt.timedelta(seconds=session_ttl)
        self._touch_interval = touch_interval

    def start(self, user: User, claims: Mapping[str, object]) -> str:
        """Open a new session for ``user`` and return its token (for the cookie only).

        Every sign-in gets a fresh token, so a token planted before sign-in is useless.
        """
        token = self._tokens.token(TOKEN_BYTES)
        now = self._clock.now()
        session = Session(
            token_hash=self._hash(token),
            user_id=user.id,
            claims=dict(claims),
            created_at=now,
            expires_at=now + self._ttl,
        )
        with self._store.unit_of_work() as uow:
            uow.sessions.create(session)
        return token

    def resolve(self, token: str | None) -> SignedIn | None:
        """Who holds this cookie token: None when missing, unknown or expired."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        now = self._clock.now()
        with self._store.unit_of_work() as uow:
            session = uow.sessions.get(self._hash(token), now)
            if session is None or session.is_expired(now):
                return None
            user = uow.users.get(session.user_id)
            if user is None:
                return None
            uow.users.touch(user.id, now, self._touch_interval)
        return SignedIn(user=user, session=session)

    def end(self, token: str | None) -> bool:
        """Delete the session of this token (logout); True if there was one."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return False
        with self._store.unit_of_work() as uow:
            return uow.sessions.delete(self._hash(token))

    def roles_for(self, signed_in: SignedIn, dashboard: Dashboard) -> frozenset[str]:
        """The roles ``signed_in`` holds on ``dashboard`` (cached with the session)."""
        return self.roles_by_dashboard(signed_in, [dashboard])[dashboard.slug]

    def roles_by_dashboard(
        self, signed_in: SignedIn, dashboards: Iterable[Dashboard]
    ) -> dict[str, frozenset[str]]:
        """Roles per dashboard slug; resolves what the session has not cached, in one write.

        Cache entries are keyed by the slug AND a fingerprint of that dashboard's role
        definitions, so a set resolved against an older users.yaml (by a worker or a
        request still on the previous workspace) is never taken for the current one.
        """
        cached = signed_in.session.roles or {}
        result: dict[str, frozenset[str]] = {}
        fresh: dict[str, frozenset[str]] = {}
        for dashboard in dashboards:
            key = _cache_key(dashboard)
            if key in cached:
                result[dashboard.slug] = cached[key]
            else:
                roles = resolve_roles(dashboard.roles.values(), signed_in.identity)
                result[dashboard.slug] = fresh[key] = roles
        if fresh:
            self._cache_roles(signed_in.session.token_hash, fresh)
        return result

    def refresh(self, email: str | None = None) -> int:
        """Drop cached role sets of every session, or of one user's; returns sessions touched.

        What ``POST /admin/refresh-users`` (optionally ``?email=``) calls. A workspace
        reload should call it too, since users.yaml may have changed.
        """
        with self._store.unit_of_work() as uow:
            if email is None:
                return uow.sessions.clear_roles(None)
            users = uow.users.find_by_email(email.strip())
            return sum(uow.sessions.clear_roles(user.id) for user in users)

    @staticmethod
    def is_admin(signed_in: SignedIn, settings: AuthSettings) -> bool:
        """True when the user's e-mail is listed in ``auth.admins``."""
        email = signed_in.user.email
        return email is not None and email.lower() in settings.admins

    def _cache_roles(self, token_hash: str, fresh: Mapping[str, frozenset[str]]) -> None:
        now = self._clock.now()
        with self._store.unit_of_work() as uow:
            # Re-read inside the transaction so a refresh that happened since this
            # request resolved its session is not undone by writing back old entries.
            current = uow.sessions.get(token_hash, now)
            if current is None:
                return
            fresh_slugs = {key.split("#", 1)[0] for key in fresh}
            kept = {
                key: roles
                for key, roles in (current.roles or {}).items()
                if key.split("#", 1)[0] not in fresh_slugs  # drop superseded definitions
            }
            uow.sessions.set_roles(token_hash, {**kept, **fresh})

    def _hash(self, token: str) -> str:
        return keyed_hash(self._secret, SESSION_PURPOSE, token)


def _cache_key(dashboard: Dashboard) -> str:
    return f"{dashboard.slug}#{roles_fingerprint(dashboard.roles.values())}"
