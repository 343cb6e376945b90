"""The whole stack as a user meets it: ``plotpress serve examples/demo``."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest
import requests

from tests.integration.serving import DEMO, serve


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("serve")
    with serve(cwd=cwd) as server:
        yield server


def test_a_viewer_signs_in_with_a_console_code_and_queries_a_view(demo):
    browser = demo.sign_in("demo@example.com")
    me = browser.get(f"{demo.url}/api/me", timeout=10).json()
    assert {d["slug"] for d in me["dashboards"]} == {"sales", "ops"}
    resp = browser.post(
        f"{demo.url}/api/query",
        json={
            "dashboard": "sales",
            "page": "index",
            "view": "monthly_revenue",
            "params": {"region": "EU"},
        },
        timeout=10,
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["row_count"] > 0
    assert {c["name"] for c in body["columns"]} >= {"month", "region", "revenue"}
    assert all(
        row[[c["name"] for c in body["columns"]].index("region")] == "EU" for row in body["rows"]
    )


def test_the_warehouse_is_denied_to_a_viewer_and_open_to_an_analyst(demo):
    request = {
        "dashboard": "sales",
        "page": "index",
        "view": "customer_revenue",
        "connection": "warehouse",
    }
    viewer = demo.sign_in("demo@example.com")
    denied = viewer.post(f"{demo.url}/api/query", json=request, timeout=10)
    assert denied.status_code == 403
    assert denied.headers["Content-Type"] == "application/problem+json"
    analyst = demo.sign_in("Analyst@Example.com")
    allowed = analyst.post(f"{demo.url}/api/query", json=request, timeout=10)
    assert allowed.status_code == 200, allowed.text


def test_every_query_request_leaves_an_audit_row_the_admin_can_read(demo):
    viewer = demo.sign_in("demo@example.com")
    viewer.post(f"{demo.url}/api/query", json={"dashboard": "sales", "view": "nope"}, timeout=10)
    admin = demo.sign_in("ops@example.com")
    events = admin.get(f"{demo.url}/admin/audit", params={"limit": 5}, timeout=10).json()["events"]
    assert events[0]["name"] == "nope"
    assert events[0]["outcome"] == "not_found"
    assert events[0]["user"] == "demo@example.com"


def test_signed_out_visitors_and_cross_site_posts_are_turned_away(demo):
    assert requests.get(f"{demo.url}/api/me", timeout=10).status_code == 401
    browser = demo.sign_in("demo@example.com")
    resp = browser.post(
        f"{demo.url}/auth/logout", headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert resp.status_code == 403
    assert browser.get(f"{demo.url}/api/me", timeout=10).status_code == 200


def test_no_code_or_session_token_reaches_the_metadata_database_in_clear(demo):
    browser = demo.sign_in("analyst@example.com")
    token = next(iter(browser.cookies.values()))
    database = demo.cwd / ".plotpress" / "plotpress.db"
    assert database.exists()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in database.parent.iterdir())
    assert token.encode() not in raw


def test_the_git_commit_is_in_page_footers_and_audit_rows(demo):
    commit = subprocess.run(
        ["git", "-C", str(DEMO), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    viewer = demo.sign_in("demo@example.com")
    page = viewer.get(f"{demo.url}/dashboards/sales/", timeout=10)
    assert f"commit <code>{commit[:12]}</code>" in page.text
    viewer.post(f"{demo.url}/api/query", json={"dashboard": "sales", "view": "regions"}, timeout=10)
    admin = demo.sign_in("ops@example.com")
    [event] = admin.get(f"{demo.url}/admin/audit", params={"limit": 1}, timeout=10).json()["events"]
    assert event["workspace_version"] == commit
