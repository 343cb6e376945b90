"""Request metrics and logs, and ``GET /metrics``."""

from __future__ import annotations

import logging
import time

import falcon
from prometheus_client import CONTENT_TYPE_LATEST

from plotpress.adapters.telemetry.prometheus import PrometheusTelemetry

request_log = logging.getLogger("plotpress.request")

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestTelemetry:
    """Middleware: one metric sample and one JSON log line per request."""

    def __init__(self, telemetry: PrometheusTelemetry) -> None:
        self._telemetry = telemetry

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.started = time.monotonic()

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        seconds = time.monotonic() - getattr(req.context, "started", time.monotonic())
        # The route template, not the path: bounded label values, no ids or slugs.
        route = req.uri_template or "unmatched"
        method = req.method if req.method in KNOWN_METHODS else "other"
        status = resp.status_code
        self._telemetry.request_finished(route, method, status, seconds)
        viewer = getattr(req.context, "viewer", None)
        user = getattr(getattr(viewer, "signed_in", None), "user", None)
        request_log.info(
            "request",
            extra={
                "event": "request",
                "method": req.method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 3),
                "user_id": getattr(user, "id", None),
            },
        )


class MetricsResource:
    def __init__(self, telemetry: PrometheusTelemetry) -> None:
        self._telemetry = telemetry

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.content_type = CONTENT_TYPE_LATEST
        resp.data = self._telemetry.exposition()
