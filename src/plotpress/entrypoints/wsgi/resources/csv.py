"""``GET /api/dashboards/<slug>/pages/<page>/blocks/<n>.csv?<params>``: a block's data.

The request goes through the same QueryService.run as ``POST /api/query`` (same checks,
same audit row); the block supplies view/query, connection and parameter defaults, the
query string overrides parameters. Text cells that a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading
``'``; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io

import falcon

from plotpress.domain.workspace import Block, TargetKind, Workspace
from plotpress.entrypoints.wsgi.problems import BadRequestBody
from plotpress.ports.connector import JsonScalar
from plotpress.services.query.errors import NotFound
from plotpress.services.query.request import QueryRequest
from plotpress.services.query.result import QueryResult
from plotpress.services.query.runner import QueryService
from plotpress.services.workspace_state import WorkspaceState

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: JsonScalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def to_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(column.name) for column in result.columns])
    writer.writerows([csv_cell(cell) for cell in row] for row in result.rows)
    return out.getvalue()


def _find_block(workspace: Workspace, slug: str, page: str, n: str) -> Block | None:
    dashboard = workspace.dashboard(slug)
    found = dashboard.page(page) if dashboard is not None else None
    if found is None or not n.isdigit() or len(n) > 6:
        return None
    return next((b for b in found.blocks if b.index == int(n)), None)


class BlockCsvResource:
    def __init__(self, queries: QueryService, state: WorkspaceState) -> None:
        self._queries = queries
        self._state = state

    def on_get(
        self, req: falcon.Request, resp: falcon.Response, slug: str, page: str, n: str
    ) -> None:
        workspace = self._state.current
        viewer = req.context.viewer
        dashboard = workspace.dashboard(slug)
        block = _find_block(workspace, slug, page, n)
        if viewer is None or dashboard is None or block is None:
            # Nothing runs, but every request is audited: run() refuses it in SPEC
            # order (signed out 401; no role on the dashboard 403, before anything about
            # its pages or blocks, so they cannot be mapped by probing; else 404).
            probe = QueryRequest(
                dashboard=slug, kind=TargetKind.VIEW, name=f"block {n}"[:64], page=page
            )
            self._queries.run(workspace, probe, viewer)
            raise NotFound("no such dashboard, page or block")  # run() always raises here
        params: dict[str, object] = dict(block.params)
        repeated = [key for key, value in req.params.items() if not isinstance(value, str)]
        if repeated:
            detail = f"parameter '{repeated[0][:64]}' is given more than once"
            self._queries.refuse(
                workspace,
                QueryRequest(dashboard=slug, kind=block.kind, name=block.name, page=page),
                viewer,
                detail,
            )
            raise BadRequestBody(detail, key=repeated[0][:64])
        params.update(req.params)
        request = QueryRequest(
            dashboard=slug,
            page=page,
            kind=block.kind,
            name=block.name,
            connection=dashboard.block_connection(block),
            params=params,
        )
        result = self._queries.run(workspace, request, viewer)
        filename = f"{slug}-{page}-{block.index}-{block.name}.csv"
        resp.content_type = "text/csv; charset=utf-8"
        resp.set_header("Content-Disposition", f'attachment; filename="{filename}"')
        resp.set_header("Cache-Control", "no-store")
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.text = to_csv(result)
