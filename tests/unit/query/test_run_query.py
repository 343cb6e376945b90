"""run_query against fakes: the check order, outcomes, audit rows and the cache."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from plotpress.domain.access import Identity
from plotpress.domain.audit import AuditFilter, Outcome
from plotpress.domain.params import ParamDecl, ParamKind, ParamType
from plotpress.domain.workspace import TargetKind
from plotpress.ports.connector import Column, DataSourceError, QueryTimeout
from plotpress.ports.store import StoreUnavailable
from plotpress.services.query.errors import (
    DataSourceFailed,
    InvalidRequest,
    NotAllowed,
    NotFound,
    NotSignedIn,
    QueryProblem,
    ReadOnlyViolation,
    TimedOut,
    Unavailable,
)
from plotpress.services.query.request import QueryRequest
from plotpress.services.query.runner import QueryService
from tests.fakes.clock import FakeClock
from tests.fakes.connectors import FakeConnector, FakeConnectors, FakeTable
from tests.fakes.store import InMemoryStore
from tests.unit.query.builders import (
    ANALYST,
    OUTSIDER,
    VIEWER_ONLY,
    IdentityViewer,
    query_file,
    sales_workspace,
)

SALES = FakeTable(
    columns=(Column("year", "integer"), Column("region", "string"), Column("revenue", "number")),
    rows=((2026, "north", 10.5), (2026, "south", 7.0), (2025, "north", 3.0)),
)


@attrs.define
class Harness:
    store: InMemoryStore
    connector: FakeConnector
    clock: FakeClock
    service: QueryService

    def audit(self) -> list:
        with self.store.unit_of_work() as uow:
            return list(uow.audit.query(AuditFilter(), limit=1000).events)


def make(cache_ttl: float = 0.0, store: object | None = None) -> Harness:
    connector = FakeConnector(tables={"sales_by_region": SALES})
    clock = FakeClock()
    real_store = InMemoryStore()
    service = QueryService(
        store=store or real_store,  # type: ignore[arg-type]
        connectors=FakeConnectors(default=connector),
        clock=clock,
        cache_ttl=cache_ttl,
    )
    return Harness(real_store, connector, clock, service)


def view(name: str = "sales_by_region", **params: object) -> QueryRequest:
    return QueryRequest(dashboard="sales", kind=TargetKind.VIEW, name=name, params=params)


def test_an_allowed_viewer_gets_rows_through_a_bound_statement():
    h = make()
    result = h.service.run(sales_workspace(), view(year="2026"), IdentityViewer(ANALYST))
    assert result.row_count == 3
    assert h.connector.executed[-1].sql == 'SELECT * FROM "sales_by_region" WHERE "year" = ?'
    assert h.connector.executed[-1].values == (2026,)
    [event] = h.audit()
    assert (event.outcome, event.user, event.params) == (
        Outcome.OK,
        ANALYST.email,
        {"year": "int:2026"},
    )
    assert event.connection == "warehouse"
    assert event.row_count == 3
    assert not event.fallback


def test_limit_is_bound_and_capped_by_max_rows():
    h = make()
    h.service.run(sales_workspace(max_rows=2), view(limit=50), IdentityViewer(ANALYST))
    assert h.connector.executed[-1].sql.endswith(" LIMIT ?")
    assert h.connector.executed[-1].values == (2,)


def test_a_viewer_without_the_connection_role_is_denied_before_anything_runs():
    h = make()
    with pytest.raises(NotAllowed):
        h.service.run(sales_workspace(), view(), IdentityViewer(VIEWER_ONLY))
    assert h.connector.executed == []
    assert [e.outcome for e in h.audit()] == [Outcome.DENIED]


def test_a_viewer_with_no_role_on_the_dashboard_is_denied():
    h = make()
    with pytest.raises(NotAllowed):
        h.service.run(sales_workspace(), view(), IdentityViewer(OUTSIDER))
    assert [e.outcome for e in h.audit()] == [Outcome.DENIED]


def test_signed_out_requests_are_refused_and_audited_without_a_user():
    h = make()
    with pytest.raises(NotSignedIn):
        h.service.run(sales_workspace(), view(), None)
    [event] = h.audit()
    assert (event.outcome, event.user) == (Outcome.DENIED, None)


@pytest.mark.parametrize(
    "request_",
    [
        QueryRequest(dashboard="nope", kind=TargetKind.VIEW, name="sales_by_region"),
        QueryRequest(dashboard="sales", kind=TargetKind.VIEW, name="pg_shadow"),
        QueryRequest(dashboard="sales", kind=TargetKind.QUERY, name="sales_by_region"),
        QueryRequest(dashboard="sales", kind=TargetKind.VIEW, name="sales_by_region", page="x"),
        QueryRequest(
            dashboard="sales", kind=TargetKind.VIEW, name="sales_by_region", connection="other"
        ),
    ],
)
def test_anything_the_workspace_does_not_name_is_not_found(request_):
    h = make()
    with pytest.raises(NotFound):
        h.service.run(sales_workspace(), request_, IdentityViewer(ANALYST))
    assert h.connector.executed == []
    assert [e.outcome for e in h.audit()] == [Outcome.NOT_FOUND]


def test_a_parameter_that_is_not_a_column_of_the_view_is_invalid_and_named():
    h = make()
    with pytest.raises(InvalidRequest) as info:
        h.service.run(sales_workspace(), view(**{"1=1; --": "x"}), IdentityViewer(ANALYST))
    assert info.value.param == "1=1; --"
    assert h.connector.executed == []
    assert [e.outcome for e in h.audit()] == [Outcome.INVALID]


def test_a_value_of_the_wrong_type_for_its_column_is_invalid():
    h = make()
    with pytest.raises(InvalidRequest) as info:
        h.service.run(sales_workspace(), view(year="2026 OR 1=1"), IdentityViewer(ANALYST))
    assert info.value.param == "year"
    assert "expected an integer" in info.value.detail


def test_query_files_parse_declared_types_apply_defaults_and_rewrite_names():
    h = make()
    q = query_file(
        "top",
        "SELECT * FROM sales WHERE year = :year AND region = :region AND :year > 0",
        year=ParamDecl("year", ParamType(ParamKind.INT), 2026),
        region=ParamDecl("region", ParamType(ParamKind.ENUM, ("north", "south"))),
    )
    ws = sales_workspace(queries=[q])
    req = QueryRequest(
        dashboard="sales", kind=TargetKind.QUERY, name="top", params={"region": "north"}
    )
    h.service.run(ws, req, IdentityViewer(ANALYST))
    sent = h.connector.executed[-1]
    assert sent.sql == "SELECT * FROM sales WHERE year = ? AND region = ? AND ? > 0"
    assert sent.values == (2026, "north", 2026)
    [event] = h.audit()
    assert event.fallback
    assert event.kind == "query"


def test_undeclared_query_parameters_are_rejected():
    h = make()
    q = query_file("top", "SELECT 1", year=ParamDecl("year", ParamType(ParamKind.INT), 1))
    req = QueryRequest(dashboard="sales", kind=TargetKind.QUERY, name="top", params={"x": 1})
    with pytest.raises(InvalidRequest) as info:
        h.service.run(sales_workspace(queries=[q]), req, IdentityViewer(ANALYST))
    assert info.value.param == "x"


@pytest.mark.parametrize(
    "body",
    [
        "DELETE FROM sales",
        "SELECT 1; DROP TABLE sales",
        "WITH d AS (DELETE FROM s RETURNING *) SELECT * FROM d",
    ],
)
def test_writes_in_query_files_are_refused_before_execution(body):
    h = make()
    ws = sales_workspace(queries=[query_file("bad", body)])
    req = QueryRequest(dashboard="sales", kind=TargetKind.QUERY, name="bad")
    with pytest.raises(ReadOnlyViolation):
        h.service.run(ws, req, IdentityViewer(ANALYST))
    assert h.connector.executed == []
    assert [e.outcome for e in h.audit()] == [Outcome.INVALID]


def test_timeouts_and_data_source_errors_are_reported_and_audited():
    h = make()
    h.connector.fail_with = QueryTimeout("slow")
    with pytest.raises(TimedOut):
        h.service.run(sales_workspace(), view(), IdentityViewer(ANALYST))
    h.connector.fail_with = DataSourceError('relation "x" does not exist')
    with pytest.raises(DataSourceFailed) as info:
        h.service.run(sales_workspace(), view(), IdentityViewer(ANALYST))
    assert 'relation "x" does not exist' in info.value.detail
    assert [e.outcome for e in h.audit()] == [Outcome.ERROR, Outcome.TIMEOUT]


def test_the_cache_serves_the_same_role_set_and_never_another():
    h = make(cache_ttl=60)
    ws = sales_workspace()
    first = h.service.run(ws, view(year=2026), IdentityViewer(ANALYST))
    second = h.service.run(ws, view(year=2026), IdentityViewer(ANALYST))
    assert (first.cached, second.cached) == (False, True)
    assert second.rows == first.rows
    # ADMIN holds a different role set on the same connection: no shared entry.
    from tests.unit.query.builders import ADMIN

    third = h.service.run(ws, view(year=2026), IdentityViewer(ADMIN))
    assert not third.cached
    assert len(h.connector.executed) == 2
    assert [e.outcome for e in h.audit()] == [Outcome.OK, Outcome.CACHED, Outcome.OK]


def test_cache_entries_expire_after_their_ttl():
    h = make(cache_ttl=60)
    ws = sales_workspace()
    h.service.run(ws, view(), IdentityViewer(ANALYST))
    h.clock.advance(60)
    assert not h.service.run(ws, view(), IdentityViewer(ANALYST)).cached


class _AuditDown:
    """A store whose every transaction fails, as when the database is unreachable."""

    def unit_of_work(self):
        raise StoreUnavailable("down")


def test_no_data_leaves_without_its_audit_row():
    h = make(store=_AuditDown())
    with pytest.raises(Unavailable):
        h.service.run(sales_workspace(), view(), IdentityViewer(ANALYST))


def test_duration_is_measured_on_the_monotonic_clock():
    h = make()
    h.connector.clock, h.connector.latency = h.clock, 0.25
    result = h.service.run(sales_workspace(), view(), IdentityViewer(ANALYST))
    assert result.duration_ms == 250.0
    assert h.audit()[0].duration_ms == 250.0
    assert h.audit()[0].at == h.clock.now()
    assert isinstance(h.audit()[0].at, dt.datetime)


def test_identity_viewer_resolves_roles_per_dashboard():
    ws = sales_workspace()
    assert IdentityViewer(Identity("ANALYST@acme.example")).roles_on(ws.dashboards["sales"]) == {
        "analyst"
    }


def test_a_views_columns_are_read_once_per_minute_not_per_request():
    h = make()
    ws = sales_workspace()
    for _ in range(3):
        h.service.run(ws, view(year=2026), IdentityViewer(ANALYST))
    assert h.connector.columns_read == ["sales_by_region"]
    h.clock.advance(60)
    h.service.run(ws, view(year=2026), IdentityViewer(ANALYST))
    assert h.connector.columns_read == ["sales_by_region", "sales_by_region"]


def test_an_unexpected_failure_is_still_audited_and_reported_as_a_problem():
    h = make()
    h.connector.fail_with = RuntimeError("driver bug")  # type: ignore[assignment]
    with pytest.raises(QueryProblem) as info:
        h.service.run(sales_workspace(), view(), IdentityViewer(ANALYST))
    assert info.value.status == 500
    assert "driver bug" not in info.value.detail
    assert [e.outcome for e in h.audit()] == [Outcome.ERROR]
