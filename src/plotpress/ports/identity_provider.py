"""An OpenID Connect provider, seen through the authorization code flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class IdentityProviderError(Exception):
    """The provider could not be reached or answered something unusable.

    Messages never contain codes, tokens or the client secret.
    """


class TokenRejected(IdentityProviderError):
    """The provider answered, but its ID token (or userinfo) failed verification."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"ID token rejected: {reason}")
        self.reason = reason


class IdentityProvider(Protocol):
    def authorization_url(
        self, state: str, nonce: str, code_challenge: str, redirect_uri: str
    ) -> str:
        """The provider URL to send the browser to (code flow, PKCE S256).

        Raises IdentityProviderError when the provider's metadata cannot be fetched.
        """
        ...

    def exchange(
        self, code: str, code_verifier: str, redirect_uri: str, expected_nonce: str
    ) -> Mapping[str, object]:
        """Redeem an authorization code and return the verified claims.

        The ID token is verified (signature, issuer, audience, expiry, nonce) and the
        userinfo claims are merged into it. Raises TokenRejected when verification fails
        and IdentityProviderError when the provider is unreachable or misbehaves.
        """
        ...
