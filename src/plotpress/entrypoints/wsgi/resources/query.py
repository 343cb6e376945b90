"""``POST /api/query`` (SPEC §6)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import falcon

from plotpress.domain.params import PARAM_NAME
from plotpress.domain.workspace import TargetKind
from plotpress.entrypoints.wsgi.problems import BadRequestBody
from plotpress.services.query.request import QueryRequest
from plotpress.services.query.runner import QueryService
from plotpress.services.workspace_state import WorkspaceState

_KEYS = {"dashboard", "page", "view", "query", "connection", "params"}
MAX_PARAMS = 64


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
    if len(params) > MAX_PARAMS:
        raise BadRequestBody(f"at most {MAX_PARAMS} parameters", key="params")
    for name, value in params.items():
        if not PARAM_NAME.fullmatch(name):
            shown = str(name)[:64]
            raise BadRequestBody(
                f"parameter name '{shown}' must be letters, digits and '_' (not starting with "
                "a digit), at most 63 characters",
                key=shown,
            )
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


def loose_request(body: object) -> QueryRequest:
    """What an unreadable body says about itself, for its audit row (never trusted)."""
    fields = body if isinstance(body, Mapping) else {}

    def text(key: str) -> str | None:
        value = fields.get(key)
        return value if isinstance(value, str) else None

    kind = TargetKind.QUERY if text("query") and not text("view") else TargetKind.VIEW
    return QueryRequest(
        dashboard=text("dashboard") or "",
        kind=kind,
        name=text(kind.value) or "",
        page=text("page"),
        connection=text("connection"),
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


def _read_body(req: falcon.Request) -> tuple[object, str | None]:
    """The JSON body, or what is wrong with it (never raises)."""
    if req.content_type is None or not req.content_type.startswith("application/json"):
        return {}, "send the query as application/json"
    try:
        return req.get_media(), None
    except falcon.MediaMalformedError:
        return {}, "the body is not valid JSON"


class QueryResource:
    def __init__(self, service: QueryService, state: WorkspaceState) -> None:
        self._service = service
        self._state = state

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        workspace, viewer = self._state.current, req.context.viewer
        body, problem = _read_body(req)
        if viewer is None:
            # Session first (SPEC §6): audited as a signed-out request, answered 401.
            self._service.run(workspace, loose_request(body), None)
        try:
            if problem is not None:
                raise BadRequestBody(problem)
            request = parse_query_body(body)
        except BadRequestBody as exc:
            # Refused before it could run, but a query request all the same: audited.
            self._service.refuse(workspace, loose_request(body), viewer, exc.detail)
            raise
        result = self._service.run(workspace, request, viewer)
        resp.media = result.to_json()
        resp.set_header("Cache-Control", "no-store")
