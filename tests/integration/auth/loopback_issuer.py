"""A tiny OpenID issuer on 127.0.0.1 whose answers each test controls.

It serves discovery, a JWKS, a token endpoint that hands out whatever ID token the
test put there, and userinfo: enough to drive the real OIDC adapter end to end with
tokens a test forged.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import attrs

ACCESS_TOKEN = "loopback-access-token"


@attrs.define
class IssuerState:
    base: str = ""
    keys: list[dict[str, Any]] = attrs.field(factory=list)
    id_token: str | None = None
    userinfo: dict[str, Any] | None = None
    discovery_extra: dict[str, Any] = attrs.field(factory=dict)
    token_forms: list[dict[str, str]] = attrs.field(factory=list)
    token_headers: list[dict[str, str]] = attrs.field(factory=list)
    hits: Counter[str] = attrs.field(factory=Counter)

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            # Symmetric and "none" are advertised on purpose: the adapter must not trust it.
            "id_token_signing_alg_values_supported": ["RS256", "ES256", "HS256", "none"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            **self.discovery_extra,
        }


def _handler(state: IssuerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

        def do_GET(self) -> None:
            state.hits[self.path] += 1
            if self.path == "/.well-known/openid-configuration":
                self._json(200, state.discovery())
            elif self.path == "/jwks":
                self._json(200, {"keys": state.keys})
            elif self.path == "/userinfo":
                if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                    self._json(401, {"error": "invalid_token"})
                elif state.userinfo is None:
                    self._json(404, {})
                else:
                    self._json(200, state.userinfo)
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            state.hits[self.path] += 1
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/token":
                self._json(404, {"error": "not_found"})
                return
            state.token_forms.append(form)
            state.token_headers.append(dict(self.headers))
            if form.get("code") == "refused-code":
                self._json(400, {"error": "invalid_grant", "error_description": form["code"]})
                return
            body = {"access_token": ACCESS_TOKEN, "token_type": "Bearer", "expires_in": 300}
            if state.id_token is not None:
                body["id_token"] = state.id_token
            self._json(200, body)

        def _json(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def loopback_issuer() -> Iterator[IssuerState]:
    state = IssuerState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
