"""``POST /api/query`` (SPEC §6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import falcon

from plotpress.domain.workspace import TargetKind
from plotpress.entrypoints.wsgi.problems import BadRequestBody
from plotpress.services.query.runner import QueryRequest, QueryService
from plotpress.services.workspace_state import WorkspaceState

_KEYS = {"dashboard", "page", "view", "query", "connection", "params"}


def parse_query_body(body: object) -> QueryRequest:
    """Validate the JSON body; errors name the offending key."""
    if not isinstance(body, Mapping):
        raise BadRequestBody("the body must be a JSON object")
    unknown = sorted(set(body) - _KEYS)
    if unknown:
        raise BadRequestBody(f"unknown key '{str(unknown[0])[:64]}'", key=str(unknown[0])[:64])
    has_view, has_query = body.get("view") is not None, body.get("query") is not None
    if has_view == has_query:
        raise BadRequestBody("give exactly one of 'view' or 'query'", key="view")
    kind = TargetKind.VIEW if has_view else TargetKind.QUERY
    params = body.get("params") or {}
    if not isinstance(params, Mapping):
        raise BadRequestBody("'params' must be an object", key="params")
    for name, value in params.items():
        if value is not None and not isinstance(value, str | int | float | bool):
            raise BadRequestBody(
                f"parameter '{str(name)[:64]}' must be a string, number, boolean or null",
                key=str(name)[:64],
            )
    return QueryRequest(
        dashboard=_text(body, "dashboard", required=True) or "",
        page=_text(body, "page"),
        kind=kind,
        name=_text(body, kind.value, required=True) or "",
        connection=_text(body, "connection"),
        params=dict(params),
    )


def _text(body: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise BadRequestBody(f"'{key}' is required", key=key)
        return None
    if not isinstance(value, str) or not value or len(value) > 200:
        raise BadRequestBody(f"'{key}' must be a non-empty string", key=key)
    return value


class QueryResource:
    def __init__(self, service: QueryService, state: WorkspaceState) -> None:
        self._service = service
        self._state = state

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.content_type is None or not req.content_type.startswith("application/json"):
            raise BadRequestBody("send the query as application/json")
        try:
            body = req.get_media()
        except falcon.MediaMalformedError:
            raise BadRequestBody("the body is not valid JSON") from None
        request = parse_query_body(body)
        result = self._service.run(self._state.current, request, req.context.viewer)
        resp.media = result.to_json()
        resp.set_header("Cache-Control", "no-store")
