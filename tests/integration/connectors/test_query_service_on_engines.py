"""run_query end to end on every real engine: views, query files, injection, read-only,
timeouts. The connectors' own tests cover cells and cancellation in detail."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from plotpress.adapters.connectors import build_connector
from plotpress.domain.audit import AuditFilter, Outcome
from plotpress.domain.params import ParamDecl, ParamType
from plotpress.domain.workspace import (
    Block,
    Connection,
    Dashboard,
    Page,
    PoolSettings,
    QueryFile,
    Role,
    TargetKind,
    Workspace,
)
from plotpress.ports.connector import Connector
from plotpress.services.query.errors import (
    InvalidRequest,
    NotFound,
    ReadOnlyViolation,
    TimedOut,
)
from plotpress.services.query.request import QueryRequest
from plotpress.services.query.runner import QueryService
from tests.fakes.clock import FakeClock
from tests.fakes.store import InMemoryStore
from tests.integration.connectors.engines import Engine
from tests.unit.query.builders import ANALYST, IdentityViewer

FILTER_SQL = (
    "SELECT id, region FROM sales WHERE region = :region AND day >= :since AND id >= :min_id "
    "AND amount >= :min_amount AND (:include OR id < 0) AND day < :before ORDER BY id"
)
FILTER_PARAMS = {
    "region": ParamDecl("region", ParamType.from_text("enum(eu-west,us-east)")),
    "since": ParamDecl("since", ParamType.from_text("date"), dt.date(2024, 1, 1)),
    "min_id": ParamDecl("min_id", ParamType.from_text("int"), 0),
    "min_amount": ParamDecl("min_amount", ParamType.from_text("float"), 0.0),
    "include": ParamDecl("include", ParamType.from_text("bool"), True),
    "before": ParamDecl(
        "before", ParamType.from_text("timestamp"), dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    ),
    "label": ParamDecl("label", ParamType.from_text("string"), "x"),
}
WRITES = [
    "INSERT INTO sales VALUES (9, 'x', 1, '2024-01-01')",
    "UPDATE sales SET region = 'x'",
    "DELETE FROM sales",
    "DROP TABLE sales",
    "ATTACH 'x.db' AS x",
    "PRAGMA writable_schema = ON",
    "COPY sales TO 'out.csv'",
    "SELECT 1; DELETE FROM sales",
    "CREATE TABLE t AS SELECT * FROM sales",
]
PAYLOADS = [
    "' OR '1'='1",
    "eu-west'; DROP TABLE sales; --",
    '" OR ""="',
    "1; DELETE FROM sales",
    "eu-west' UNION SELECT 1, 2 --",
    "\\'; DROP TABLE sales; --",
    "%s%s%s",
    "?",
    ":region",
    "$$; DROP TABLE sales; $$",
]


@attrs.define
class OneConnector:
    connector: Connector

    def get(self, dashboard: Dashboard, connection: Connection) -> Connector:
        return self.connector

    def close(self) -> None:
        self.connector.close()


@attrs.define
class Setup:
    service: QueryService
    store: InMemoryStore
    workspace: Workspace
    engine: Engine

    def run(self, kind: TargetKind, name: str, **params: object):
        request = QueryRequest(dashboard="d", kind=kind, name=name, params=params)
        return self.service.run(self.workspace, request, IdentityViewer(ANALYST))

    def outcomes(self) -> list[Outcome]:
        with self.store.unit_of_work() as uow:
            return [e.outcome for e in uow.audit.query(AuditFilter(), 1000).events]


def _setup(engine: Engine, *, timeout: float = 10.0, queries: dict[str, str] | None = None):
    connection = Connection(
        name="db",
        driver=engine.driver,
        allowed_users=frozenset({"analyst"}),
        dsn=engine.dsn,
        timeout=timeout,
        pool=PoolSettings(max_open=2, max_idle=1),
        files=engine.files,
    )
    files = {"filter": FILTER_SQL, **(queries or {})}
    query_files = {
        name: QueryFile(name=name, params=FILTER_PARAMS if name == "filter" else {}, body=body)
        for name, body in files.items()
    }
    blocks = [Block(index=0, kind=TargetKind.VIEW, name="sales", code="data")]
    blocks += [
        Block(index=i + 1, kind=TargetKind.QUERY, name=name, code="data")
        for i, name in enumerate(query_files)
    ]
    dashboard = Dashboard(
        slug="d",
        title="D",
        pages=(Page("index", "Index", "", tuple(blocks)),),
        connections={"db": connection},
        roles={"analyst": Role("analyst", members=frozenset({ANALYST.email}))},
        queries=query_files,
        default_connection="db",
    )
    connector = build_connector(
        connection, workspace_root=engine.workspace_root, views=engine.views
    )
    store = InMemoryStore()
    service = QueryService(store=store, connectors=OneConnector(connector), clock=FakeClock())
    return Setup(service, store, Workspace({"d": dashboard}, version="t"), engine)


def _count_sales(engine: Engine) -> int:
    setup = _setup(engine)
    return setup.run(TargetKind.VIEW, "sales").row_count


def test_a_view_runs_without_and_with_typed_parameters(engine: Engine):
    setup = _setup(engine)
    everything = setup.run(TargetKind.VIEW, "sales")
    assert everything.row_count == 5
    filtered = setup.run(TargetKind.VIEW, "sales", region="eu-west", id="4")
    assert [row[0] for row in filtered.rows] == [4]
    limited = setup.run(TargetKind.VIEW, "sales", limit=2)
    assert limited.row_count == 2


def test_a_query_file_binds_every_parameter_type(engine: Engine):
    setup = _setup(engine)
    result = setup.run(
        TargetKind.QUERY,
        "filter",
        region="eu-west",
        since="2024-01-01",
        min_id="2",
        min_amount="20.5",
        include="true",
        before="2024-12-31T00:00:00Z",
        label="Zürich — 東京",
    )
    assert [tuple(row) for row in result.rows] == [(4, "eu-west")]
    assert setup.run(TargetKind.QUERY, "filter", region="eu-west", include=False).rows == ()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_classic_payloads_in_values_are_bound_inert(engine: Engine, payload: str):
    setup = _setup(engine)
    view = setup.run(TargetKind.VIEW, "sales", region=payload)
    assert view.rows == ()
    with pytest.raises(InvalidRequest):  # an enum refuses anything but its choices
        setup.run(TargetKind.QUERY, "filter", region=payload)
    assert _count_sales(engine) == 5


@pytest.mark.parametrize("name", [*PAYLOADS, "region OR 1=1", "id--", "sales.id"])
def test_payloads_in_parameter_names_are_refused_before_the_database(engine: Engine, name: str):
    setup = _setup(engine)
    with pytest.raises(InvalidRequest):
        setup.run(TargetKind.VIEW, "sales", **{name: "1"})
    with pytest.raises(InvalidRequest):
        setup.run(TargetKind.QUERY, "filter", region="eu-west", **{name: "1"})
    assert setup.outcomes() == [Outcome.INVALID, Outcome.INVALID]
    assert _count_sales(engine) == 5


@pytest.mark.parametrize("sql", WRITES)
def test_writes_in_query_files_are_refused_before_execution(engine: Engine, sql: str):
    setup = _setup(engine, queries={"bad": sql})
    with pytest.raises(ReadOnlyViolation) as info:
        setup.run(TargetKind.QUERY, "bad")
    assert "query 'bad'" in info.value.detail
    assert setup.outcomes() == [Outcome.INVALID]
    assert _count_sales(engine) == 5


def test_a_slow_query_times_out_as_a_504_problem(engine: Engine):
    setup = _setup(engine, timeout=1.0, queries={"slow": engine.slow_sql})
    with pytest.raises(TimedOut) as info:
        setup.run(TargetKind.QUERY, "slow")
    assert info.value.status == 504
    assert setup.outcomes() == [Outcome.TIMEOUT]


def test_a_view_the_database_lacks_is_not_found(engine: Engine):
    setup = _setup(engine)
    workspace = setup.workspace
    dashboard = workspace.dashboards["d"]
    page = attrs.evolve(
        dashboard.pages[0],
        blocks=(Block(index=0, kind=TargetKind.VIEW, name="no_such_view", code="data"),),
    )
    setup.workspace = Workspace({"d": attrs.evolve(dashboard, pages=(page,))}, version="t2")
    with pytest.raises(NotFound):
        setup.run(TargetKind.VIEW, "no_such_view")
    assert setup.outcomes() == [Outcome.NOT_FOUND]
