"""A WSGI app that builds the real one, and keeps retrying while that fails.

A gunicorn worker whose app raises while loading exits with "failed to boot", and
gunicorn then stops the whole server. Building the app can fail for passing reasons
(the metadata store is down when a worker is replaced), so the worker answers 503
(``/healthz`` stays 200: the process is alive) and tries again every few seconds.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class DeferredApp:
    def __init__(self, build: Callable[[], WsgiApp], *, retry_interval: float = 2.0) -> None:
        self._build = build
        self._retry_interval = retry_interval
        self._app: WsgiApp | None = None
        self._lock = threading.Lock()
        self._next_try = 0.0
        with self._lock:
            self._try()

    @property
    def ready(self) -> bool:
        return self._app is not None

    def _try(self) -> None:
        try:
            self._app = self._build()
        except Exception:
            log.exception("the app could not start; retrying in %.0f s", self._retry_interval)
            self._next_try = time.monotonic() + self._retry_interval

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        app = self._app
        if app is None:
            with self._lock:
                if self._app is None and time.monotonic() >= self._next_try:
                    self._try()
                app = self._app
        if app is not None:
            return app(environ, start_response)
        if environ.get("PATH_INFO") == "/healthz":
            return _answer(start_response, "200 OK", "application/json", {"status": "ok"})
        problem = {
            "type": "urn:plotpress:problem:unavailable",
            "title": "Service unavailable",
            "status": 503,
            "detail": "PlotPress is starting or waiting for its metadata store; try again.",
        }
        return _answer(
            start_response, "503 Service Unavailable", "application/problem+json", problem
        )


def _answer(
    start_response: Callable[..., Any], status: str, content_type: str, body: dict[str, Any]
) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            ("Retry-After", "2"),
        ],
    )
    return [data]
