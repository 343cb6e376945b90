"""GET /metrics parses as Prometheus text and counts what it claims."""

from __future__ import annotations

import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from plotpress.entrypoints.logging_setup import JsonFormatter
from tests.unit.web.conftest import post_form, sign_in


def samples(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    resp = client.simulate_get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(resp.text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_count_requests_queries_cache_lookups_and_sign_ins(site):
    token = sign_in(site, "analyst@acme.example")
    post_form(site, "/auth/email", {"email": "other@acme.example"})
    post_form(site, "/auth/email/verify", {"email": "other@acme.example", "code": "000000"})
    for _ in range(3):
        resp = site.client.simulate_post(
            "/api/query",
            json={"dashboard": "sales", "view": "sales_by_region"},
            cookies={"plotpress_session": token},
        )
        assert resp.status_code == 200
    site.client.simulate_post(
        "/api/query",
        json={"dashboard": "sales", "view": "nope"},
        cookies={"plotpress_session": token},
    )
    got = samples(site.client)
    route = (("method", "POST"), ("route", "/api/query"), ("status", "200"))
    assert got[("plotpress_http_requests_total", route)] == 3
    route_404 = (("method", "POST"), ("route", "/api/query"), ("status", "404"))
    assert got[("plotpress_http_requests_total", route_404)] == 1
    # The cache is on (default 60 s): one query ran, two were answered from the cache.
    ok = (("connection", "warehouse"), ("dashboard", "sales"), ("outcome", "ok"))
    assert got[("plotpress_query_duration_seconds_count", ok)] == 1
    cached = (("connection", "warehouse"), ("dashboard", "sales"), ("outcome", "cached"))
    assert got[("plotpress_query_duration_seconds_count", cached)] == 2
    assert got[("plotpress_query_cache_lookups_total", (("result", "miss"),))] == 1
    assert got[("plotpress_query_cache_lookups_total", (("result", "hit"),))] == 2
    not_found = (("connection", ""), ("dashboard", "sales"), ("outcome", "not_found"))
    assert got[("plotpress_query_duration_seconds_count", not_found)] == 1
    assert got[("plotpress_sign_ins_total", (("method", "email"), ("outcome", "ok")))] == 1
    wrong = (("method", "email"), ("outcome", "wrong_code"))
    assert got[("plotpress_sign_ins_total", wrong)] == 1
    assert got[("plotpress_audit_write_failures_total", ())] == 0


def test_each_request_and_query_logs_one_structured_line_without_secrets(site, caplog):
    caplog.set_level(logging.INFO)
    token = sign_in(site, "analyst@acme.example")
    caplog.clear()
    resp = site.client.simulate_post(
        "/api/query",
        json={"dashboard": "sales", "view": "sales_by_region"},
        cookies={"plotpress_session": token},
    )
    assert resp.status_code == 200
    [query] = [r for r in caplog.records if r.name == "plotpress.query"]
    assert (query.dashboard, query.target, query.connection, query.outcome) == (
        "sales", "sales_by_region", "warehouse", "ok",
    )  # fmt: skip
    [request] = [r for r in caplog.records if r.name == "plotpress.request"]
    assert (request.method, request.route, request.status) == ("POST", "/api/query", 200)
    assert request.user_id is not None
    lines = [JsonFormatter().format(r) for r in caplog.records]
    assert all(token not in line for line in lines)
    assert all(json.loads(line)["logger"].startswith("plotpress") for line in lines)


@pytest.mark.filterwarnings("ignore::wsgiref.validate.WSGIWarning")
def test_made_up_names_and_methods_never_become_metric_labels(site):
    for i in range(3):
        site.client.simulate_post("/api/query", json={"dashboard": f"evil{i}", "view": "x"})
    token = sign_in(site, "analyst@acme.example")
    site.client.simulate_post(
        "/api/query",
        json={"dashboard": "made-up", "view": "x", "connection": "nope"},
        cookies={"plotpress_session": token},
    )
    site.client.simulate_request("QWERTY", "/healthz")
    text = site.client.simulate_get("/metrics").text
    assert "evil" not in text
    assert "made-up" not in text
    assert "nope" not in text
    assert "QWERTY" not in text
    assert 'method="other"' in text
