"""The IdentityProvider port over requests + PyJWT: discovery, code flow, verification."""

from __future__ import annotations

import base64
import datetime as dt
import re
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus, urlencode

import requests

from plotpress.adapters.oidc.discovery import ProviderMetadata, fetch_metadata
from plotpress.adapters.oidc.http import DEFAULT_TIMEOUT, Timeout, get_json, json_object, where
from plotpress.adapters.oidc.idtoken import LEEWAY, verify_id_token
from plotpress.adapters.oidc.jwks import JwksCache
from plotpress.domain.settings import OidcSettings
from plotpress.ports.clock import Clock
from plotpress.ports.identity_provider import IdentityProviderError, TokenRejected

# Claims that describe the ID token itself; userinfo may not overwrite them.
PROTOCOL_CLAIMS = frozenset(
    {"iss", "sub", "aud", "exp", "iat", "nbf", "nonce", "azp", "auth_time", "at_hash", "jti"}
)
_ERROR_CODE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class OidcProvider:
    """One configured OpenID provider. Metadata is fetched on first use and kept."""

    def __init__(
        self,
        settings: OidcSettings,
        clock: Clock,
        *,
        session: requests.Session | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        jwks_refetch_interval: float = 60.0,
        leeway: dt.timedelta = LEEWAY,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._http = session or requests.Session()
        self._timeout = timeout
        self._leeway = leeway
        self._metadata: ProviderMetadata | None = None
        self._lock = threading.Lock()
        self._keys = JwksCache(self._fetch_jwks, clock, jwks_refetch_interval)

    @property
    def issuer(self) -> str:
        return self._settings.issuer

    def metadata(self) -> ProviderMetadata:
        """The discovery document, fetched once (again after a failed attempt)."""
        with self._lock:
            if self._metadata is None:
                self._metadata = fetch_metadata(self._http, self._settings.issuer, self._timeout)
            return self._metadata

    def authorization_url(
        self, state: str, nonce: str, code_challenge: str, redirect_uri: str
    ) -> str:
        endpoint = self.metadata().authorization_endpoint
        scopes = list(self._settings.scopes)
        if "openid" not in scopes:
            scopes.insert(0, "openid")
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._settings.client_id,
                "redirect_uri": redirect_uri,
                "scope": " ".join(scopes),
                "state": state,
                "nonce": nonce,
                "code_challenge": code_challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def exchange(
        self, code: str, code_verifier: str, redirect_uri: str, expected_nonce: str
    ) -> Mapping[str, object]:
        metadata = self.metadata()
        tokens = self._redeem(metadata, code, code_verifier, redirect_uri)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise TokenRejected("the token response carries no ID token")
        claims = verify_id_token(
            id_token,
            keys=self._keys,
            algorithms=metadata.algorithms,
            issuer=metadata.issuer,
            client_id=self._settings.client_id,
            nonce=expected_nonce,
            now=self._clock.now(),
            leeway=self._leeway,
        )
        access_token = tokens.get("access_token")
        if metadata.userinfo_endpoint and isinstance(access_token, str) and access_token:
            userinfo = get_json(
                self._http,
                metadata.userinfo_endpoint,
                "OIDC userinfo",
                self._timeout,
                headers={"Authorization": f"Bearer {access_token}"},
            )
            # OIDC Core §5.3.2: userinfo about someone else must not be mixed in.
            if userinfo.get("sub") != claims["sub"]:
                raise TokenRejected("userinfo subject differs from the ID token's")
            claims.update((k, v) for k, v in userinfo.items() if k not in PROTOCOL_CLAIMS)
        return claims

    def _redeem(
        self, metadata: ProviderMetadata, code: str, code_verifier: str, redirect_uri: str
    ) -> dict[str, Any]:
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        headers = {"Accept": "application/json"}
        client_id, secret = self._settings.client_id, self._settings.client_secret
        if secret is None:
            data["client_id"] = client_id
        elif "client_secret_basic" in metadata.token_auth_methods:
            headers["Authorization"] = _basic(client_id, secret)
        elif "client_secret_post" in metadata.token_auth_methods:
            data |= {"client_id": client_id, "client_secret": secret}
        else:
            raise IdentityProviderError(
                "the provider supports neither client_secret_basic nor client_secret_post"
            )
        try:
            response = self._http.post(
                metadata.token_endpoint, data=data, headers=headers, timeout=self._timeout
            )
        except requests.RequestException as exc:
            raise IdentityProviderError(
                f"OIDC token endpoint at {where(metadata.token_endpoint)} is unreachable "
                f"({type(exc).__name__})"
            ) from None
        if response.status_code != 200:
            error = _error_code(response)
            if response.status_code == 400 and error == "invalid_grant":
                # The provider works but refuses this code: replayed, expired or not
                # bound to our PKCE verifier and redirect URI.
                raise TokenRejected("authorization code refused (invalid_grant)")
            shown = f" ({error})" if error else ""
            raise IdentityProviderError(
                f"OIDC token endpoint answered HTTP {response.status_code}{shown}"
            )
        return json_object(response, "OIDC token endpoint")

    def _fetch_jwks(self) -> Mapping[str, Any]:
        return get_json(self._http, self.metadata().jwks_uri, "OIDC JWKS", self._timeout)


def _basic(client_id: str, secret: str) -> str:
    # RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    raw = f"{quote_plus(client_id, safe='')}:{quote_plus(secret, safe='')}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _error_code(response: requests.Response) -> str:
    """The OAuth ``error`` code if it is a plain token; the description is never echoed."""
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str) and _ERROR_CODE.fullmatch(error):
        return error
    return ""
