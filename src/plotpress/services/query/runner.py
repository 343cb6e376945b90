"""``run_query``: SPEC §5–§6 in order, with exactly one audit row per request.

session → roles on the dashboard → the connection the block resolves to → permission →
parameter validation → read-only check → cache → execute (bound, with timeout) → audit.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

import attrs

from plotpress.domain.access import may_use
from plotpress.domain.audit import AuditEvent, Outcome
from plotpress.domain.cache import cache_key
from plotpress.domain.params import canonical_params
from plotpress.domain.workspace import Connection, Dashboard, Target, TargetKind, Workspace
from plotpress.ports.clock import Clock
from plotpress.ports.connector import (
    Column,
    Connector,
    ConnectorError,
    QueryTimeout,
    UnknownRelation,
)
from plotpress.ports.connector_registry import Connectors
from plotpress.ports.store import MetadataStore, StoreError
from plotpress.ports.telemetry import NoTelemetry, QueryReport, Telemetry
from plotpress.services.query.errors import (
    DataSourceFailed,
    NotAllowed,
    NotFound,
    NotSignedIn,
    QueryProblem,
    ReadOnlyViolation,
    TimedOut,
    Unavailable,
)
from plotpress.services.query.plan import Plan, plan_query, plan_view
from plotpress.services.query.request import QueryRequest, Viewer, clip, resolve_target
from plotpress.services.query.result import QueryResult, decode_result, encode_result
from plotpress.services.query.sql_guard import NotReadOnly, check_read_only

log = logging.getLogger(__name__)

COLUMNS_TTL = 60.0
UNKNOWN_LABEL = "unknown"
MAX_REMEMBERED_VIEWS = 4096


@attrs.define
class _Trace:
    """What the audit row will say; filled in as the request progresses."""

    connection: str | None = None
    params: dict[str, str] = attrs.Factory(dict)
    row_count: int | None = None


class QueryService:
    def __init__(
        self,
        *,
        store: MetadataStore,
        connectors: Connectors,
        clock: Clock,
        cache_ttl: float = 0.0,
        columns_ttl: float = COLUMNS_TTL,
        telemetry: Telemetry | None = None,
    ) -> None:
        self._store = store
        self._connectors = connectors
        self._clock = clock
        self._cache_ttl = cache_ttl
        self._columns_ttl = columns_ttl
        self._columns: dict[tuple[str, Connection, str], tuple[float, tuple[Column, ...]]] = {}
        self._columns_lock = threading.Lock()
        self._telemetry = telemetry or NoTelemetry()

    def run(
        self, workspace: Workspace, request: QueryRequest, viewer: Viewer | None
    ) -> QueryResult:
        """Run ``request`` for ``viewer`` on ``workspace``; raise a QueryProblem otherwise.

        Whatever happens, one audit row is appended. If that append fails the request
        fails with Unavailable: no data leaves without its audit row.
        """
        started = self._clock.monotonic()
        trace = _Trace(params={clip(k): clip(v) for k, v in sorted(request.params.items())})
        problem: QueryProblem | None = None
        result: QueryResult | None = None
        try:
            result = self._run(workspace, request, viewer, trace)
        except QueryProblem as exc:
            problem = exc
        except Exception:
            # Still one audit row, and a problem+json 500 rather than a bare crash.
            log.exception("query request failed unexpectedly")
            problem = QueryProblem("an internal error stopped this query")
        duration_ms = round((self._clock.monotonic() - started) * 1000, 3)
        if problem is not None:
            outcome = problem.outcome
        else:
            outcome = Outcome.CACHED if result is not None and result.cached else Outcome.OK
        self._record(
            workspace,
            request,
            viewer,
            trace=trace,
            outcome=outcome,
            error=problem.detail if problem else None,
            duration_ms=duration_ms,
        )
        if problem is not None:
            raise problem
        assert result is not None
        return attrs.evolve(result, duration_ms=duration_ms)

    def refuse(
        self,
        workspace: Workspace,
        request: QueryRequest,
        viewer: Viewer | None,
        detail: str,
    ) -> None:
        """Audit a request whose body could not even be read as a query (outcome invalid).

        ``request`` carries whatever could be made out of it; the caller then answers 400.
        """
        self._record(
            workspace,
            request,
            viewer,
            trace=_Trace(),
            outcome=Outcome.INVALID,
            error=clip(detail),
            duration_ms=0.0,
        )

    def _record(
        self,
        workspace: Workspace,
        request: QueryRequest,
        viewer: Viewer | None,
        *,
        trace: _Trace,
        outcome: Outcome,
        error: str | None,
        duration_ms: float,
    ) -> None:
        """Append the request's one audit row and report it; Unavailable if not written."""
        event = AuditEvent(
            at=self._clock.now(),
            user=viewer.audit_name if viewer else None,
            dashboard=clip(request.dashboard),
            page=clip(request.page) if request.page is not None else None,
            kind=request.kind.value,
            name=clip(request.name),
            connection=trace.connection,
            params=trace.params,
            duration_ms=duration_ms,
            row_count=trace.row_count,
            cached=outcome is Outcome.CACHED,
            outcome=outcome,
            error=error,
            fallback=request.kind is TargetKind.QUERY,
            workspace_version=workspace.audit_label,
        )
        try:
            with self._store.unit_of_work() as uow:
                uow.audit.append(event)
        except StoreError:
            log.error("audit write failed; the request is refused", exc_info=False)
            self._telemetry.audit_write_failed()
            self._report(workspace, event, Outcome.UNAVAILABLE)
            raise Unavailable("the audit log cannot be written right now") from None
        self._report(workspace, event, outcome)

    def _report(self, workspace: Workspace, event: AuditEvent, outcome: Outcome) -> None:
        # Metric labels must come from the workspace, never from the request: a
        # stranger posting made-up names would otherwise mint new series without end.
        dashboard = workspace.dashboard(event.dashboard) if event.user else None
        known = dashboard is not None and event.connection in dashboard.connections
        self._telemetry.query_finished(
            QueryReport(
                dashboard=dashboard.slug if dashboard else UNKNOWN_LABEL,
                name=event.name,
                kind=event.kind,
                connection=event.connection if known else None,
                outcome=outcome.value,
                duration_s=event.duration_ms / 1000,
                user=event.user,
                row_count=event.row_count,
            )
        )

    def _run(
        self, workspace: Workspace, request: QueryRequest, viewer: Viewer | None, trace: _Trace
    ) -> QueryResult:
        if viewer is None:
            raise NotSignedIn("sign in to run queries")
        dashboard = workspace.dashboard(request.dashboard)
        if dashboard is None:
            raise NotFound(f"no dashboard '{clip(request.dashboard)}'")
        roles = viewer.roles_on(dashboard)
        if not roles:
            raise NotAllowed(f"you hold no role on dashboard '{dashboard.slug}'")
        if request.page is not None and dashboard.page(request.page) is None:
            raise NotFound(f"no page '{clip(request.page)}' in dashboard '{dashboard.slug}'")
        target = resolve_target(dashboard, request)
        trace.connection = target.connection
        connection = dashboard.connections[target.connection]
        if not may_use(roles, connection):
            raise NotAllowed(
                f"none of your roles on '{dashboard.slug}' may use connection '{connection.name}'"
            )
        try:
            connector = self._connectors.get(dashboard, connection)
        except ConnectorError as exc:
            raise DataSourceFailed(f"connection '{connection.name}' is unusable: {exc}") from None
        plan = self._plan(dashboard, target, request, connector, connection)
        trace.params = dict(canonical_params(plan.values))
        if connection.read_only and target.kind is TargetKind.QUERY:
            try:
                check_read_only(plan.source_sql, connection.driver)
            except NotReadOnly as exc:
                raise ReadOnlyViolation(f"query '{target.name}': {exc}") from None
        key = cache_key(
            dashboard=dashboard.slug,
            kind=target.kind,
            name=target.name,
            connection=connection.name,
            values=plan.values,
            roles=roles,
            workspace_version=workspace.version,
        )
        cached = self._cache_get(key)
        if cached is not None:
            trace.row_count = cached.row_count
            return cached
        try:
            rows = connector.execute(
                plan.statement, timeout=connection.timeout, max_rows=plan.max_rows
            )
        except QueryTimeout:
            raise TimedOut(
                f"the query ran longer than {connection.timeout:g}s and was cancelled"
            ) from None
        except ConnectorError as exc:
            raise DataSourceFailed(str(exc)) from None
        result = QueryResult.from_rows(rows)
        trace.row_count = result.row_count
        self._cache_put(key, result)
        return result

    def _plan(
        self,
        dashboard: Dashboard,
        target: Target,
        request: QueryRequest,
        conn: Connector,
        connection: Connection,
    ) -> Plan:
        if target.kind is TargetKind.QUERY:
            query = dashboard.queries.get(target.name)
            if query is None:
                raise NotFound(f"no query file '{target.name}' in dashboard '{dashboard.slug}'")
            return plan_query(query, request.params, connection, conn)
        try:
            columns = self._view_columns(dashboard, target, conn, connection)
        except UnknownRelation:
            raise NotFound(
                f"view '{target.name}' does not exist on connection '{connection.name}'"
            ) from None
        except QueryTimeout:
            raise TimedOut("reading the view's columns timed out") from None
        except ConnectorError as exc:
            raise DataSourceFailed(str(exc)) from None
        return plan_view(target.name, columns, request.params, connection, conn)

    def _view_columns(
        self, dashboard: Dashboard, target: Target, conn: Connector, connection: Connection
    ) -> tuple[Column, ...]:
        """A view's columns, remembered for ``columns_ttl`` seconds.

        Reading them costs a round trip that may run the view's query; a view's shape
        changes rarely, and a stale entry can only refuse a parameter or let the data
        source report the mistake.
        """
        key = (dashboard.slug, connection, target.name)
        now = self._clock.monotonic()
        with self._columns_lock:
            found = self._columns.get(key)
        if found is not None and found[0] > now:
            return found[1]
        columns = conn.relation_columns(target.name, connection.timeout)
        with self._columns_lock:
            if len(self._columns) >= MAX_REMEMBERED_VIEWS:
                self._columns.clear()
            self._columns[key] = (now + self._columns_ttl, columns)
        return columns

    def _cache_get(self, key: str) -> QueryResult | None:
        if self._cache_ttl <= 0:
            return None
        try:
            with self._store.unit_of_work() as uow:
                raw = uow.cache.get(key, self._clock.now())
        except StoreError:
            log.warning("query cache read failed; running the query")
            return None
        self._telemetry.cache_lookup(hit=raw is not None)
        return None if raw is None else attrs.evolve(decode_result(raw), cached=True)

    def _cache_put(self, key: str, result: QueryResult) -> None:
        if self._cache_ttl <= 0:
            return
        try:
            with self._store.unit_of_work() as uow:
                uow.cache.put(
                    key,
                    encode_result(result),
                    self._clock.now(),
                    dt.timedelta(seconds=self._cache_ttl),
                )
        except StoreError:
            log.warning("query cache write failed; result served uncached")
