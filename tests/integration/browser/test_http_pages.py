"""The page routes over HTTP (no browser): redirects, refusals, CSP, module and CSV."""

from __future__ import annotations

import csv
import io

import falcon.testing

from plotpress.entrypoints.wsgi.csp import PAGE_POLICY
from tests.integration.browser.conftest import COOKIE

SIGNED_OUT = {"Cookie": ""}


def as_user(live_app, email: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={live_app.session_for(email)}"}


def test_the_signed_out_are_sent_to_sign_in_and_back(live_app):
    client = falcon.testing.TestClient(live_app.app)
    home = client.simulate_get("/")
    assert home.status_code == 303
    assert home.headers["location"] == "/auth/login?next=%2F"
    page = client.simulate_get("/dashboards/sales/problems", query_string="b0.x=1")
    assert page.status_code == 303
    assert (
        page.headers["location"] == "/auth/login?next=%2Fdashboards%2Fsales%2Fproblems%3Fb0.x%3D1"
    )


def test_home_lists_only_dashboards_the_viewer_holds_a_role_on_with_escaped_text(client):
    html = client.simulate_get("/").text
    assert 'href="/dashboards/sales/"' in html
    assert "/dashboards/ops/" not in html
    assert "Revenue &lt;b&gt;by&lt;/b&gt; month &amp; region" in html


def test_a_dashboard_without_a_role_answers_a_403_page(client):
    resp = client.simulate_get("/dashboards/ops/")
    assert resp.status_code == 403
    assert resp.headers["content-type"].startswith("text/html")
    assert "Not allowed" in resp.text


def test_an_unknown_page_answers_a_404_page(client):
    assert client.simulate_get("/dashboards/sales/nope").status_code == 404


def test_a_dashboard_address_without_a_slash_or_as_index_redirects_to_its_home(client):
    for path in ("/dashboards/sales", "/dashboards/sales/index"):
        resp = client.simulate_get(path)
        assert resp.status_code == 301
        assert resp.headers["location"] == "/dashboards/sales/"


def test_pages_carry_a_policy_without_inline_or_eval_scripts(client):
    resp = client.simulate_get("/dashboards/sales/")
    policy = resp.headers["content-security-policy"]
    assert policy == PAGE_POLICY
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'"
    assert "<script>" not in resp.text  # every script has a src


def test_a_block_module_is_served_as_javascript_only_to_viewers_of_its_page(client, live_app):
    resp = client.simulate_get("/dashboards/sales/index/blocks/1.js")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/javascript")
    assert resp.text.startswith("export default function ({data, params, Plot, d3, inputs}) {")
    stranger = falcon.testing.TestClient(live_app.app, headers=as_user(live_app, "x@else.example"))
    assert stranger.simulate_get("/dashboards/sales/index/blocks/1.js").status_code == 403
    assert client.simulate_get("/dashboards/sales/index/blocks/9.js").status_code == 404
    assert client.simulate_get("/dashboards/sales/index/blocks/x.js").status_code == 404


def test_the_csv_quotes_cells_a_spreadsheet_would_run_as_formulas(client):
    resp = client.simulate_get("/api/dashboards/sales/pages/index/blocks/1.csv")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/csv; charset=utf-8"
    assert resp.headers["content-disposition"] == (
        'attachment; filename="sales-index-1-regions.csv"'
    )
    rows = list(csv.reader(io.StringIO(resp.text)))
    assert rows[0] == ["region", "revenue"]
    assert ["'=HYPERLINK(1)", "1.0"] in rows
    assert ["EU", "120.5"] in rows


def test_the_csv_of_a_denied_block_is_refused_as_a_problem(client):
    resp = client.simulate_get("/api/dashboards/sales/pages/problems/blocks/2.csv")
    assert resp.status_code == 403
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json["title"] == "Not allowed"


def test_csv_parameters_are_validated_by_the_query_service(client):
    bad = client.simulate_get("/api/dashboards/sales/pages/index/blocks/0.csv?year=soon")
    assert bad.status_code == 400
    assert bad.json["parameter"] == "year"
    twice = client.simulate_get("/api/dashboards/sales/pages/index/blocks/0.csv?year=1&year=2")
    assert twice.status_code == 400


def test_the_csv_of_an_unknown_block_reveals_nothing_to_the_signed_out(live_app, client):
    anonymous = falcon.testing.TestClient(live_app.app)
    assert anonymous.simulate_get("/api/dashboards/x/pages/y/blocks/0.csv").status_code == 401
    assert client.simulate_get("/api/dashboards/x/pages/y/blocks/0.csv").status_code == 404


def test_static_runtime_and_vendored_libraries_are_served(client):
    for path in (
        "/static/runtime/main.js",
        "/static/vendor/plot.umd.min.js",
        "/static/vendor/d3.min.js",
    ):
        resp = client.simulate_get(path)
        assert resp.status_code == 200
        assert "javascript" in resp.headers["content-type"]
