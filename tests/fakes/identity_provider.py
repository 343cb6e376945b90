"""An in-memory OpenID provider: remembers authorization requests, approves them on
demand, and checks PKCE and the nonce when a code is redeemed, as a real one would."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from urllib.parse import urlencode

import attrs

from plotpress.ports.identity_provider import IdentityProviderError, TokenRejected

ISSUER = "https://id.example.test"


@attrs.frozen
class AuthorizationRequest:
    state: str
    nonce: str
    code_challenge: str
    redirect_uri: str


@attrs.define
class FakeIdentityProvider:
    issuer: str = ISSUER
    unavailable: bool = False
    requests: list[AuthorizationRequest] = attrs.field(factory=list)
    _codes: dict[str, tuple[AuthorizationRequest, dict[str, object]]] = attrs.field(factory=dict)

    def authorization_url(
        self, state: str, nonce: str, code_challenge: str, redirect_uri: str
    ) -> str:
        if self.unavailable:
            raise IdentityProviderError("OIDC discovery at https://id.example.test is unreachable")
        self.requests.append(AuthorizationRequest(state, nonce, code_challenge, redirect_uri))
        query = urlencode({"state": state, "nonce": nonce, "code_challenge": code_challenge})
        return f"{self.issuer}/authorize?{query}"

    def approve(self, state: str, claims: Mapping[str, object], *, nonce: str | None = None) -> str:
        """Sign a person in at the provider; returns the code the callback would carry.

        ``nonce`` overrides the one the request carried, to play a replayed token.
        """
        request = next(r for r in self.requests if r.state == state)
        code = f"code-{len(self._codes) + 1}"
        token_claims = {"iss": self.issuer, "nonce": nonce or request.nonce, **claims}
        self._codes[code] = (request, token_claims)
        return code

    def exchange(
        self, code: str, code_verifier: str, redirect_uri: str, expected_nonce: str
    ) -> Mapping[str, object]:
        if self.unavailable:
            raise IdentityProviderError("OIDC token endpoint is unreachable")
        if code not in self._codes:
            raise TokenRejected("authorization code refused (invalid_grant)")
        request, claims = self._codes.pop(code)  # codes are single use
        digest = hashlib.sha256(code_verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != request.code_challenge:
            raise TokenRejected("authorization code refused (invalid_grant)")
        if redirect_uri != request.redirect_uri:
            raise TokenRejected("authorization code refused (invalid_grant)")
        if claims.get("nonce") != expected_nonce:
            raise TokenRejected("wrong nonce")
        return dict(claims)
