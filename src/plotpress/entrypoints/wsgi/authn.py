"""Who is asking: middleware puts the request's viewer (or None) on ``req.context``."""

from __future__ import annotations

from typing import Protocol

import falcon

from plotpress.services.query.request import Viewer


class Authenticator(Protocol):
    def viewer(self, req: falcon.Request) -> Viewer | None:
        """The signed-in viewer of this request, or None when signed out."""
        ...


class AuthenticationMiddleware:
    def __init__(self, authenticator: Authenticator) -> None:
        self._authenticator = authenticator

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.viewer = self._authenticator.viewer(req)
