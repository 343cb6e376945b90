"""Provider metadata from ``<issuer>/.well-known/openid-configuration``."""

from __future__ import annotations

from typing import Any

import attrs
import requests

from plotpress.adapters.oidc.http import Timeout, get_json
from plotpress.ports.identity_provider import IdentityProviderError

# Asymmetric signatures only. An HMAC algorithm would make the provider's *public* key
# (or any shared value) a signing secret; "none" is no signature at all.
ASYMMETRIC_ALGORITHMS = frozenset(
    {
        "RS256",
        "RS384",
        "RS512",
        "PS256",
        "PS384",
        "PS512",
        "ES256",
        "ES384",
        "ES512",
        "EdDSA",
    }
)


@attrs.frozen
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    algorithms: frozenset[str]
    token_auth_methods: tuple[str, ...]


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def fetch_metadata(session: requests.Session, issuer: str, timeout: Timeout) -> ProviderMetadata:
    """Fetch and check the discovery document of ``issuer``."""
    document = get_json(session, discovery_url(issuer), "OIDC discovery", timeout)
    return parse_metadata(document, issuer)


def parse_metadata(document: dict[str, Any], issuer: str) -> ProviderMetadata:
    # OIDC Discovery §4.3: the issuer in the document must be identical to the one
    # configured, or a different provider could pass itself off as ours.
    if document.get("issuer") != issuer:
        raise IdentityProviderError(
            "OIDC discovery: the document's issuer differs from the configured issuer"
        )
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            raise IdentityProviderError(f"OIDC discovery: {name} is missing or not a URL")
        endpoints[name] = value
    userinfo = document.get("userinfo_endpoint")
    advertised = _strings(document.get("id_token_signing_alg_values_supported")) or ("RS256",)
    algorithms = frozenset(advertised) & ASYMMETRIC_ALGORITHMS
    if not algorithms:
        raise IdentityProviderError(
            "OIDC discovery: the provider advertises no asymmetric ID token algorithm"
        )
    auth_methods = _strings(document.get("token_endpoint_auth_methods_supported")) or (
        "client_secret_basic",
    )
    return ProviderMetadata(
        issuer=issuer,
        authorization_endpoint=endpoints["authorization_endpoint"],
        token_endpoint=endpoints["token_endpoint"],
        jwks_uri=endpoints["jwks_uri"],
        userinfo_endpoint=userinfo if isinstance(userinfo, str) and userinfo else None,
        algorithms=algorithms,
        token_auth_methods=auth_methods,
    )


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))
