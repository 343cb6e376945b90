"""Several replicas on one PostgreSQL metadata database, and riding out its outage."""

from __future__ import annotations

import time

import pytest
import requests

from tests.integration.serving import serve
from tests.integration.tcp_proxy import TcpProxy
from tests.services import PG_HOST, PG_PORT, PG_USER, fresh_pg_database

pytestmark = pytest.mark.postgres

QUERY = {"dashboard": "sales", "view": "monthly_revenue", "params": {"region": "NA"}}


@pytest.fixture
def pg_dsn():
    with fresh_pg_database("pp_replicas") as dsn:
        yield dsn


def test_two_servers_share_sessions_audit_rows_and_cache_entries(tmp_path, pg_dsn):
    env = {"PLOTPRESS_STORAGE": pg_dsn}
    with (
        serve(cwd=tmp_path, env=env) as first,
        serve(cwd=tmp_path, env=env) as second,
    ):
        browser = first.sign_in("analyst@example.com")
        # The same cookie is a session on the other replica.
        me = browser.get(f"{second.url}/api/me", timeout=10)
        assert me.status_code == 200
        assert me.json()["email"] == "analyst@example.com"
        ran = browser.post(f"{first.url}/api/query", json=QUERY, timeout=10).json()
        served = browser.post(f"{second.url}/api/query", json=QUERY, timeout=10).json()
        assert (ran["cached"], served["cached"]) == (False, True)
        assert served["rows"] == ran["rows"]
        admin = second.sign_in("ops@example.com")
        events = admin.get(f"{first.url}/admin/audit", timeout=10).json()["events"]
        outcomes = [e["outcome"] for e in events if e["name"] == "monthly_revenue"]
        assert outcomes == ["cached", "ok"]


def _wait_status(url: str, expected: int, deadline: float = 30) -> float:
    """Seconds until ``url`` answers ``expected`` (polled with a deadline)."""
    started = time.monotonic()
    last = None
    while time.monotonic() - started < deadline:
        last = requests.get(url, timeout=15).status_code
        if last == expected:
            return time.monotonic() - started
        time.sleep(0.1)  # polling a recovering service, bounded by the deadline
    raise AssertionError(f"{url} still answers {last}, not {expected}")


def test_a_metadata_outage_answers_503_and_service_resumes_without_a_restart(tmp_path, pg_dsn):
    proxy = TcpProxy(PG_HOST, PG_PORT).start()
    dbname = pg_dsn.rsplit("/", 1)[1]
    env = {"PLOTPRESS_STORAGE": f"postgresql://{PG_USER}@127.0.0.1:{proxy.port}/{dbname}"}
    try:
        with serve(cwd=tmp_path, env=env) as server:
            browser = server.sign_in("analyst@example.com")
            assert browser.post(f"{server.url}/api/query", json=QUERY, timeout=10).ok
            proxy.stop()
            _wait_status(f"{server.url}/readyz", 503)
            down = browser.post(f"{server.url}/api/query", json=QUERY, timeout=30)
            assert down.status_code == 503
            assert down.headers["Content-Type"] == "application/problem+json"
            assert requests.get(f"{server.url}/healthz", timeout=5).status_code == 200
            proxy.start()
            _wait_status(f"{server.url}/readyz", 200)
            deadline = time.monotonic() + 30
            while True:  # the first request may still meet a connection cut by the outage
                back = browser.post(f"{server.url}/api/query", json=QUERY, timeout=30)
                if back.status_code == 200 or time.monotonic() > deadline:
                    break
                assert back.status_code == 503
                time.sleep(0.1)  # polling a recovering service, bounded by the deadline
            assert back.status_code == 200, back.text
    finally:
        proxy.stop()
