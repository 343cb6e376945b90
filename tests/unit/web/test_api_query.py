"""POST /api/query over HTTP: the SPEC §6 response and problem+json errors."""

from __future__ import annotations

import pytest

from plotpress.domain.audit import AuditFilter, Outcome
from plotpress.ports.connector import Column
from tests.fakes.connectors import FakeConnector, FakeTable
from tests.unit.query.builders import (
    ANALYST,
    OUTSIDER,
    VIEWER_ONLY,
    IdentityViewer,
    sales_workspace,
)
from tests.unit.web.harness import web_harness

TABLE = FakeTable(
    (Column("year", "integer"), Column("region", "string")), ((2026, "north"), (2025, "s"))
)


@pytest.fixture
def web():
    connector = FakeConnector(tables={"sales_by_region": TABLE})
    viewers = {
        "analyst": IdentityViewer(ANALYST),
        "viewer": IdentityViewer(VIEWER_ONLY),
        "outsider": IdentityViewer(OUTSIDER),
    }
    return web_harness(sales_workspace(), connector, viewers)


def post(web, body, viewer="analyst", **headers):
    if viewer:
        headers["X-Test-Viewer"] = viewer
    return web.client.simulate_post("/api/query", json=body, headers=headers)


def test_a_query_answers_columns_rows_and_metadata(web):
    resp = post(web, {"dashboard": "sales", "view": "sales_by_region", "params": {"year": 2026}})
    assert resp.status_code == 200
    assert resp.json == {
        "columns": [{"name": "year", "type": "integer"}, {"name": "region", "type": "string"}],
        "rows": [[2026, "north"], [2025, "s"]],
        "row_count": 2,
        "truncated": False,
        "cached": False,
        "duration_ms": 0.0,
    }
    assert resp.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("body", "viewer", "status", "type_"),
    [
        ({"dashboard": "sales", "view": "sales_by_region"}, None, 401, "not-signed-in"),
        ({"dashboard": "sales", "view": "sales_by_region"}, "viewer", 403, "forbidden"),
        ({"dashboard": "sales", "view": "nope"}, "analyst", 404, "not-found"),
        (
            {"dashboard": "sales", "view": "sales_by_region", "params": {"year": "x"}},
            "analyst",
            400,
            "invalid-parameters",
        ),
        ({"dashboard": "sales"}, "analyst", 400, "invalid-request"),
        ({"dashboard": "sales", "view": "a", "query": "b"}, "analyst", 400, "invalid-request"),
        ({"dashboard": "sales", "view": "a", "sql": "SELECT 1"}, "analyst", 400, "invalid-request"),
        (
            {"dashboard": "sales", "view": "sales_by_region", "params": {"year": [1]}},
            "analyst",
            400,
            "invalid-request",
        ),
    ],
)
def test_errors_are_problem_json_with_a_stable_type(web, body, viewer, status, type_):
    resp = post(web, body, viewer=viewer)
    assert resp.status_code == status
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert resp.json["type"] == f"urn:plotpress:problem:{type_}"
    assert resp.json["status"] == status
    assert resp.json["title"]


def test_an_invalid_parameter_is_named_in_the_problem(web):
    resp = post(web, {"dashboard": "sales", "view": "sales_by_region", "params": {"year": "x"}})
    assert resp.json["parameter"] == "year"
    assert "expected an integer" in resp.json["detail"]


def test_a_body_that_is_not_json_is_a_clear_400(web):
    resp = web.client.simulate_post(
        "/api/query",
        body="{nope",
        headers={"Content-Type": "application/json", "X-Test-Viewer": "analyst"},
    )
    assert resp.status_code == 400
    assert resp.json["detail"] == "the body is not valid JSON"


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_cross_site_posts_are_refused_before_anything_runs(web, headers):
    resp = post(web, {"dashboard": "sales", "view": "sales_by_region"}, **headers)
    assert resp.status_code == 403
    assert web.connector.executed == []


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://localhost:8080"}, {}]
)
def test_same_origin_and_non_browser_posts_are_accepted(web, headers):
    resp = post(web, {"dashboard": "sales", "view": "sales_by_region"}, **headers)
    assert resp.status_code == 200


def test_every_response_carries_the_security_headers(web):
    resp = web.client.simulate_get("/healthz")
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_a_large_body_is_refused_before_it_is_read(web):
    body = {"dashboard": "sales", "view": "sales_by_region", "params": {"x": "y" * 70_000}}
    resp = post(web, body)
    assert resp.status_code == 413
    assert resp.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "params",
    [{f"p{i}": 1 for i in range(65)}, {"a b": 1}, {"x" * 64: 1}, {"1abc": 1}, {"ä": 1}],
)
def test_too_many_or_malformed_parameter_names_are_refused_with_one_small_audit_row(web, params):
    resp = post(web, {"dashboard": "sales", "view": "sales_by_region", "params": params})
    assert resp.status_code == 400
    assert resp.json["type"] == "urn:plotpress:problem:invalid-request"
    assert web.connector.executed == []
    with web.store.unit_of_work() as uow:
        [event] = uow.audit.query(AuditFilter(), limit=10).events
    assert (event.outcome, event.dashboard, event.name) == (
        Outcome.INVALID,
        "sales",
        "sales_by_region",
    )
    assert event.params == {}


def _audit(web):
    with web.store.unit_of_work() as uow:
        return list(uow.audit.query(AuditFilter(), limit=100).events)


def test_a_signed_out_request_is_401_and_audited_even_with_a_bad_body(web):
    resp = post(web, {"dashboard": "sales", "view": "v", "params": {"bad name": 1}}, viewer=None)
    assert resp.status_code == 401
    [event] = _audit(web)
    assert (event.outcome, event.user, event.dashboard) == (Outcome.DENIED, None, "sales")


def test_a_body_that_is_not_json_is_audited_as_invalid(web):
    resp = web.client.simulate_post(
        "/api/query",
        body="{nope",
        headers={"Content-Type": "application/json", "X-Test-Viewer": "analyst"},
    )
    assert resp.status_code == 400
    assert [e.outcome for e in _audit(web)] == [Outcome.INVALID]


@pytest.mark.parametrize(
    ("path", "viewer", "status", "outcome"),
    [
        ("/api/dashboards/sales/pages/index/blocks/0.csv", None, 401, Outcome.DENIED),
        ("/api/dashboards/sales/pages/index/blocks/0.csv", "outsider", 403, Outcome.DENIED),
        ("/api/dashboards/sales/pages/index/blocks/9.csv", "outsider", 403, Outcome.DENIED),
        ("/api/dashboards/sales/pages/index/blocks/9.csv", "analyst", 404, Outcome.NOT_FOUND),
        ("/api/dashboards/nope/pages/index/blocks/0.csv", "analyst", 404, Outcome.NOT_FOUND),
        ("/api/dashboards/sales/pages/index/blocks/0.csv", "analyst", 200, Outcome.OK),
    ],
)
def test_every_csv_request_leaves_one_audit_row_and_strangers_learn_nothing(
    web, path, viewer, status, outcome
):
    headers = {"X-Test-Viewer": viewer} if viewer else {}
    resp = web.client.simulate_get(path, headers=headers)
    assert resp.status_code == status
    assert [e.outcome for e in _audit(web)] == [outcome]
