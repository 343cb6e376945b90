"""Errors of the OIDC sign-in; messages are fit to log and to show (no secrets)."""

from __future__ import annotations


class OidcError(Exception):
    """Base of every OIDC sign-in failure."""


class PreAuthInvalid(OidcError):
    """The pre-auth cookie is missing, malformed or was not signed by this server."""


class PreAuthExpired(OidcError):
    """The pre-auth cookie is older than allowed: the sign-in took too long."""


class StateMismatch(OidcError):
    """The callback's ``state`` is not the one this browser was sent off with."""


class ProviderUnavailable(OidcError):
    """The identity provider could not be reached or misbehaved."""


class IdentityRejected(OidcError):
    """The provider answered, but the identity failed verification."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"sign-in rejected: {reason}")
        self.reason = reason
