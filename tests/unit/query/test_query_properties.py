"""Properties of run_query: the authorization rule, one audit row, values never in SQL."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plotpress.domain.access import may_use, resolve_roles
from plotpress.domain.audit import AuditFilter
from plotpress.domain.params import ParamDecl, ParamKind, ParamType
from plotpress.domain.workspace import Connection, Driver, TargetKind, Workspace
from plotpress.ports.connector import Column, Placeholder
from plotpress.services.query.errors import NotAllowed, QueryProblem
from plotpress.services.query.request import QueryRequest
from plotpress.services.query.runner import QueryService
from tests.fakes.clock import FakeClock
from tests.fakes.connectors import FakeConnector, FakeConnectors, FakeTable
from tests.fakes.store import InMemoryStore
from tests.unit import strategies as s
from tests.unit.query.builders import ANALYST, IdentityViewer, query_file, sales_workspace


@st.composite
def authorization_cases(draw):
    roles = draw(s.role_sets(min_size=1))
    role_names = [r.name for r in roles]
    allow = draw(st.frozensets(st.sampled_from(role_names), max_size=len(role_names)))
    connection = Connection("db", draw(st.sampled_from(list(Driver))), allow, dsn="x")
    dashboard = s.dashboards(roles, [connection], [("v", "db")])
    identity = draw(s.identities)
    return Workspace({"d": dashboard}, version="p"), identity, connection


def _audit_count(store: InMemoryStore) -> int:
    with store.unit_of_work() as uow:
        return len(uow.audit.query(AuditFilter(), limit=10_000).events)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(authorization_cases())
def test_a_query_executes_iff_a_held_role_is_allowed_on_the_connection(case):
    workspace, identity, connection = case
    connector = FakeConnector(tables={"v": FakeTable((Column("a", "integer"),), ((1,),))})
    store = InMemoryStore()
    service = QueryService(
        store=store, connectors=FakeConnectors(default=connector), clock=FakeClock()
    )
    viewer = IdentityViewer(identity)
    request = QueryRequest(dashboard="d", kind=TargetKind.VIEW, name="v", page="index")
    allowed = may_use(resolve_roles(workspace.dashboards["d"].roles.values(), identity), connection)
    try:
        service.run(workspace, request, viewer)
        ran = True
    except NotAllowed:
        ran = False
    assert ran == allowed
    assert len(connector.executed) == (1 if allowed else 0)
    assert _audit_count(store) == 1


_hostile = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "' OR 1=1 --",
            "'; DROP TABLE sales; --",
            '" OR ""="',
            "1; SELECT pg_sleep(10)",
            "$$; DROP TABLE x; $$",
            "\\'; --",
            "%s%s%s",
            "?",
            ":year",
            "\x00",
        ]
    ),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_hostile, st.sampled_from(list(Placeholder)))
def test_parameter_values_are_bound_and_never_become_sql_text(value, placeholder):
    decl = ParamDecl("region", ParamType(ParamKind.STRING), "north")
    q = query_file(
        "q", "SELECT * FROM sales WHERE region = :region AND note <> ':region'", region=decl
    )
    workspace = sales_workspace(queries=[q])
    connector = FakeConnector(placeholder=placeholder)
    service = QueryService(
        store=InMemoryStore(), connectors=FakeConnectors(default=connector), clock=FakeClock()
    )
    request = QueryRequest(
        dashboard="sales", kind=TargetKind.QUERY, name="q", params={"region": value}
    )
    try:
        service.run(workspace, request, IdentityViewer(ANALYST))
    except QueryProblem:
        assert "\x00" in value or len(value) > 4096  # only unrepresentable strings are refused
        assert connector.executed == []
        return
    [sent] = connector.executed
    mark = "?" if placeholder is Placeholder.QMARK else "%s"
    # The text is the same whatever the value: the value can only be in the bound tuple.
    assert sent.sql == f"SELECT * FROM sales WHERE region = {mark} AND note <> ':region'"
    assert sent.values == (value,)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=12), _hostile, min_size=1, max_size=3))
def test_view_parameter_names_that_are_not_columns_never_reach_the_database(params):
    connector = FakeConnector(tables={"sales_by_region": FakeTable((Column("region", "string"),))})
    service = QueryService(
        store=InMemoryStore(), connectors=FakeConnectors(default=connector), clock=FakeClock()
    )
    request = QueryRequest(
        dashboard="sales", kind=TargetKind.VIEW, name="sales_by_region", params=params
    )
    try:
        service.run(sales_workspace(), request, IdentityViewer(ANALYST))
    except QueryProblem:
        assert connector.executed == []
        return
    [sent] = connector.executed
    assert set(params) <= {"region", "limit"}
    expected = 'SELECT * FROM "sales_by_region"'
    expected += ' WHERE "region" = ?' if "region" in params else ""
    expected += " LIMIT ?" if "limit" in params else ""
    assert sent.sql == expected
