"""The session and pre-auth cookies: names, flags and lifetimes in one place."""

from __future__ import annotations

import attrs
import falcon


@attrs.frozen
class CookiePolicy:
    """``secure`` when ``public_url`` is https: then ``__Host-`` names, which browsers
    only accept with Secure, Path=/ and no Domain, so a sibling subdomain cannot plant
    or shadow them."""

    secure: bool
    session_ttl: float

    @property
    def session_name(self) -> str:
        return "__Host-plotpress_session" if self.secure else "plotpress_session"

    @property
    def preauth_name(self) -> str:
        return "__Host-plotpress_oidc" if self.secure else "plotpress_oidc"

    def read(self, req: falcon.Request, name: str) -> str | None:
        values = req.get_cookie_values(name)
        return values[0] if values else None

    def set(self, resp: falcon.Response, name: str, value: str, max_age: float) -> None:
        resp.set_cookie(
            name,
            value,
            max_age=int(max_age),
            path="/",
            secure=self.secure,
            http_only=True,
            same_site="Lax",
        )

    def clear(self, resp: falcon.Response, name: str) -> None:
        resp.unset_cookie(name, path="/", same_site="Lax")
        if self.secure:
            # unset_cookie drops Secure; a __Host- cookie is only replaced with it.
            resp.set_cookie(
                name, "", max_age=0, path="/", secure=True, http_only=True, same_site="Lax"
            )
