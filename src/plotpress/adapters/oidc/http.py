"""JSON over HTTP for the OIDC adapter: short timeouts, errors without secrets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from plotpress.ports.identity_provider import IdentityProviderError

# (connect, read) seconds: a slow provider must not hold a web worker for long.
DEFAULT_TIMEOUT = (3.05, 10.0)

Timeout = tuple[float, float]


def where(url: str) -> str:
    """The scheme, host and path of a URL, for error messages (no query, no userinfo)."""
    parts = urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


def json_object(response: requests.Response, what: str) -> dict[str, Any]:
    """The response body as a JSON object, or IdentityProviderError naming ``what``."""
    try:
        body = response.json()
    except ValueError:
        raise IdentityProviderError(f"{what} did not answer JSON") from None
    if not isinstance(body, dict):
        raise IdentityProviderError(f"{what} did not answer a JSON object")
    return body


def get_json(
    session: requests.Session,
    url: str,
    what: str,
    timeout: Timeout,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """GET ``url`` and return its JSON object; any failure is an IdentityProviderError."""
    try:
        response = session.get(url, timeout=timeout, headers=dict(headers or {}))
    except requests.RequestException as exc:
        raise IdentityProviderError(
            f"{what} at {where(url)} is unreachable ({type(exc).__name__})"
        ) from None
    if response.status_code != 200:
        raise IdentityProviderError(f"{what} at {where(url)} answered HTTP {response.status_code}")
    return json_object(response, what)
