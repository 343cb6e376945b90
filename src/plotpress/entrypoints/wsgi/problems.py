"""Every error leaves as ``application/problem+json`` (RFC 9457) from this one place."""

from __future__ import annotations

import json
import logging
from typing import Any

import falcon

from plotpress.ports.store import StoreUnavailable
from plotpress.services.query.errors import QueryProblem

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class BadRequestBody(Exception):
    """The request body is not what the endpoint takes; ``key`` names the field."""

    def __init__(self, detail: str, *, key: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.key = key


def _send(resp: falcon.Response, status: int, body: dict[str, Any]) -> None:
    resp.status = status
    resp.content_type = PROBLEM_JSON
    resp.text = json.dumps(body, ensure_ascii=False)
    resp.set_header("Cache-Control", "no-store")


def handle_query_problem(
    req: falcon.Request, resp: falcon.Response, ex: QueryProblem, params: dict[str, Any]
) -> None:
    body: dict[str, Any] = {
        "type": ex.type_uri,
        "title": ex.title,
        "status": ex.status,
        "detail": ex.detail,
    }
    if ex.param is not None:
        body["parameter"] = ex.param
    _send(resp, ex.status, body)


def handle_bad_body(
    req: falcon.Request, resp: falcon.Response, ex: BadRequestBody, params: dict[str, Any]
) -> None:
    body: dict[str, Any] = {
        "type": "urn:plotpress:problem:invalid-request",
        "title": "Invalid request",
        "status": 400,
        "detail": ex.detail,
    }
    if ex.key is not None:
        body["parameter"] = ex.key
    _send(resp, 400, body)


def handle_http_error(
    req: falcon.Request, resp: falcon.Response, ex: falcon.HTTPError, params: dict[str, Any]
) -> None:
    status = ex.status_code
    body: dict[str, Any] = {
        "type": f"urn:plotpress:problem:http-{status}",
        "title": ex.title or falcon.code_to_http_status(status),
        "status": status,
    }
    if ex.description:
        body["detail"] = ex.description
    _send(resp, status, body)
    if ex.headers:
        resp.set_headers(ex.headers)


def handle_unexpected(
    req: falcon.Request, resp: falcon.Response, ex: Exception, params: dict[str, Any]
) -> None:
    # The traceback goes to the server log; the client learns nothing internal.
    log.exception("unhandled error on %s %s", req.method, req.path)
    _send(
        resp,
        500,
        {"type": "urn:plotpress:problem:internal", "title": "Internal error", "status": 500},
    )


def handle_store_unavailable(
    req: falcon.Request, resp: falcon.Response, ex: StoreUnavailable, params: dict[str, Any]
) -> None:
    # Not a sign-out and not a 500: the metadata store is away and will be back.
    log.warning("metadata store unavailable on %s %s", req.method, req.path)
    _send(
        resp,
        503,
        {
            "type": "urn:plotpress:problem:unavailable",
            "title": "Service unavailable",
            "status": 503,
            "detail": "The metadata store cannot be reached right now. Try again shortly.",
        },
    )
    resp.set_header("Retry-After", "5")


def install(app: falcon.App[falcon.Request, falcon.Response]) -> None:
    app.add_error_handler(Exception, handle_unexpected)
    app.add_error_handler(falcon.HTTPError, handle_http_error)
    app.add_error_handler(QueryProblem, handle_query_problem)
    app.add_error_handler(BadRequestBody, handle_bad_body)
    app.add_error_handler(StoreUnavailable, handle_store_unavailable)
