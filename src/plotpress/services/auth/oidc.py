"""Sign-in through an OpenID provider: the authorization code flow with PKCE S256.

The HTTP layer's whole contract:

- ``/auth/oidc/start``: ``url, preauth = oidc.begin(next)``; set a short-lived cookie to
  ``oidc.seal(preauth)``; redirect to ``url``.
- ``/auth/oidc/callback``: ``preauth = oidc.unseal(cookie)``;
  ``sign_in = oidc.complete(code, state, preauth)``; clear the cookie; start a session;
  redirect to ``preauth.next``. Every failure is an ``OidcError``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping

from plotpress.domain.settings import OidcSettings
from plotpress.ports.clock import Clock
from plotpress.ports.identity_provider import (
    IdentityProvider,
    IdentityProviderError,
    TokenRejected,
)
from plotpress.ports.store import MetadataStore
from plotpress.ports.tokens import TokenFactory
from plotpress.services.auth import addresses
from plotpress.services.auth.hashing import check_secret, same
from plotpress.services.auth.oidc_errors import (
    IdentityRejected,
    OidcError,
    PreAuthExpired,
    PreAuthInvalid,
    ProviderUnavailable,
    StateMismatch,
)
from plotpress.services.auth.preauth import PreAuth, seal, unseal
from plotpress.services.auth.redirects import safe_next
from plotpress.services.auth.signin import SignIn

__all__ = [
    "IdentityRejected",
    "OidcError",
    "OidcService",
    "PreAuth",
    "PreAuthExpired",
    "PreAuthInvalid",
    "ProviderUnavailable",
    "StateMismatch",
    "pkce_challenge",
]

_SINGLE_USE_CLAIMS = frozenset({"nonce", "at_hash", "c_hash"})
PREAUTH_MAX_AGE = 600.0  # seconds a person may spend at the provider's login page


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OidcService:
    def __init__(  # noqa: PLR0917 - collaborators in the order every caller passes them
        self,
        provider: IdentityProvider,
        store: MetadataStore,
        clock: Clock,
        tokens: TokenFactory,
        secret: str,
        settings: OidcSettings,
        redirect_uri: str,
        *,
        preauth_max_age: float = PREAUTH_MAX_AGE,
    ) -> None:
        """``redirect_uri`` is the absolute callback URL (``public_url`` + callback path)."""
        self._provider = provider
        self._store = store
        self._clock = clock
        self._tokens = tokens
        self._secret = check_secret(secret)
        self._settings = settings
        self._redirect_uri = redirect_uri
        self._max_age = preauth_max_age

    def begin(self, next_path: str | None) -> tuple[str, PreAuth]:
        """The provider URL to redirect to, and the pre-auth to keep in a cookie.

        Raises ProviderUnavailable when the provider's metadata cannot be fetched.
        """
        preauth = PreAuth(
            state=self._tokens.token(32),
            nonce=self._tokens.token(32),
            # 48 bytes give 64 base64url characters, inside RFC 7636's 43..128.
            code_verifier=self._tokens.token(48),
            next=safe_next(next_path),
            created=self._clock.now(),
        )
        try:
            url = self._provider.authorization_url(
                preauth.state,
                preauth.nonce,
                pkce_challenge(preauth.code_verifier),
                self._redirect_uri,
            )
        except IdentityProviderError as exc:
            raise ProviderUnavailable(str(exc)) from None
        return url, preauth

    def seal(self, preauth: PreAuth) -> str:
        """The cookie value carrying ``preauth`` (signed with the server secret)."""
        return seal(preauth, self._secret)

    def unseal(self, text: str | None) -> PreAuth:
        """The pre-auth from the cookie; PreAuthInvalid if forged, PreAuthExpired if old."""
        return unseal(text, self._secret, self._clock.now(), self._max_age)

    def complete(self, code: str | None, state: str | None, preauth: PreAuth) -> SignIn:
        """Redeem the callback's ``code`` and return the verified user and claims.

        Raises StateMismatch, IdentityRejected (token or claims failed verification),
        ProviderUnavailable. Users are keyed by (issuer, subject), never by e-mail.
        """
        if not state or not same(state, preauth.state):
            raise StateMismatch("the sign-in response does not belong to this browser")
        if not code:
            raise IdentityRejected("no authorization code")
        try:
            claims = self._provider.exchange(
                code, preauth.code_verifier, self._redirect_uri, preauth.nonce
            )
        except TokenRejected as exc:
            raise IdentityRejected(exc.reason) from None
        except IdentityProviderError as exc:
            raise ProviderUnavailable(str(exc)) from None
        issuer, subject = claims.get("iss"), claims.get("sub")
        # The adapter verified both; checked again because this is what keys the user.
        if issuer != self._settings.issuer or not isinstance(subject, str) or not subject:
            raise IdentityRejected("issuer or subject missing")
        now = self._clock.now()
        with self._store.unit_of_work() as uow:
            user = uow.users.upsert_oidc_user(
                issuer, subject, self._email(claims), now, self._tokens.new_id()
            )
        # Values bound to this one exchange are of no use to a session.
        kept = {k: v for k, v in claims.items() if k not in _SINGLE_USE_CLAIMS}
        return SignIn(user=user, claims=kept)

    def _email(self, claims: Mapping[str, object]) -> str | None:
        """The address from ``email_claim``, unless the provider says it is unverified."""
        value = claims.get(self._settings.email_claim)
        if not isinstance(value, str):
            return None
        if self._settings.email_claim == "email" and claims.get("email_verified") is False:
            # An unverified address could be anyone's; it must not earn a members: role.
            return None
        return addresses.normalise(value)
