"""The provider's signing keys, cached, refetched on an unknown key id (throttled).

Keys come only from the JWKS the discovery document names: a token's own ``jku``,
``jwk``, ``x5u`` or ``x5c`` headers are never followed, or whoever signs a token could
also supply the key that verifies it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import jwt

from plotpress.ports.clock import Clock
from plotpress.ports.identity_provider import IdentityProviderError, TokenRejected

_KEY_TYPES = {"RS": "RSA", "PS": "RSA", "ES": "EC", "Ed": "OKP"}


def key_type_for(algorithm: str) -> str:
    return _KEY_TYPES[algorithm[:2]]


class JwksCache:
    def __init__(
        self,
        fetch: Callable[[], Mapping[str, Any]],
        clock: Clock,
        min_refetch_interval: float = 60.0,
    ) -> None:
        """``fetch`` returns the JWKS document; it is called again for an unknown ``kid``
        at most once per ``min_refetch_interval`` seconds, so forged key ids cannot make
        us hammer the provider."""
        self._fetch = fetch
        self._clock = clock
        self._interval = min_refetch_interval
        self._keys: list[dict[str, Any]] | None = None
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key_for(self, kid: str | None, algorithm: str) -> jwt.PyJWK:
        """The key that must have signed a token with this ``kid`` and ``alg`` header."""
        with self._lock:
            if self._keys is None:
                self._refresh()
            found = self._find(kid, algorithm)
            if found is None and self._clock.monotonic() - self._fetched_at >= self._interval:
                # Providers rotate keys: a new kid may be a key published since we fetched.
                self._refresh()
                found = self._find(kid, algorithm)
        if found is None:
            raise TokenRejected("no signing key in the provider's key set matches the token")
        try:
            return jwt.PyJWK(found, algorithm=algorithm)
        except jwt.PyJWTError:
            raise TokenRejected("the matching key does not fit the token's algorithm") from None

    def _refresh(self) -> None:
        # Stamped before fetching so that a failing provider is throttled too.
        self._fetched_at = self._clock.monotonic()
        document = self._fetch()
        keys = document.get("keys")
        if not isinstance(keys, list):
            raise IdentityProviderError("the provider's JWKS has no key list")
        self._keys = [k for k in keys if isinstance(k, dict)]

    def _find(self, kid: str | None, algorithm: str) -> dict[str, Any] | None:
        usable = [k for k in self._keys or [] if _usable(k, algorithm)]
        if kid is not None:
            return next((k for k in usable if k.get("kid") == kid), None)
        # Without a kid the choice must be unambiguous.
        return usable[0] if len(usable) == 1 else None


def _usable(jwk: Mapping[str, Any], algorithm: str) -> bool:
    if jwk.get("kty") != key_type_for(algorithm):
        return False
    if jwk.get("use", "sig") != "sig":
        return False
    return bool(jwk.get("alg", algorithm) == algorithm)
