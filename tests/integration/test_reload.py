"""Reloading a served workspace: SIGHUP and POST /admin/reload switch only to a valid
workspace, and a concurrent client sees no failed request while it happens."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.serving import DEMO, Server, serve

USERS = Path("dashboards") / "sales" / "users.yaml"
DASHBOARD = Path("dashboards") / "sales" / "dashboard.yaml"


class Hammer:
    """A client that keeps querying until stopped and counts what failed."""

    def __init__(self, server: Server, browser: requests.Session) -> None:
        self.server, self.browser = server, browser
        self.done, self.failures = 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        body = {"dashboard": "sales", "view": "monthly_revenue", "params": {"region": "EU"}}
        while not self._stop.is_set():
            try:
                resp = self.browser.post(f"{self.server.url}/api/query", json=body, timeout=10)
                if resp.status_code != 200:
                    self.failures.append(f"{resp.status_code} {resp.text[:200]}")
            except requests.RequestException as exc:
                self.failures.append(repr(exc))
            self.done += 1

    def __enter__(self) -> Hammer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def versions(server: Server, n: int = 8) -> set[str]:
    """Workspace versions reported by whichever workers answer n readiness probes."""
    return {
        requests.get(f"{server.url}/readyz", timeout=5).json()["workspace_version"]
        for _ in range(n)
    }


def wait_for_versions(server: Server, expected: set[str], deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    seen: set[str] = set()
    while time.monotonic() < end:
        seen = versions(server)
        if seen == expected:
            return
        time.sleep(0.1)  # polling a restarting server, bounded by the deadline
    raise AssertionError(f"expected versions {expected}, still seeing {seen}")


@pytest.fixture
def served(tmp_path: Path):
    workspace = tmp_path / "workspace"
    shutil.copytree(DEMO, workspace)
    with serve(workspace, cwd=tmp_path, args=("--workers", "2")) as server:
        yield server, workspace


def test_sighup_keeps_the_old_workspace_when_the_new_one_is_broken_and_switches_when_fixed(
    served,
):
    server, workspace = served
    browser = server.sign_in("demo@example.com")
    [before] = versions(server)
    with Hammer(server, browser) as hammer:
        (workspace / USERS).write_text("viewers: [not, a, mapping]\n")
        mark = len(server.log())
        os.kill(server.process.pid, signal.SIGHUP)
        server.wait_for_text("workspace refused", after=mark)
        wait_for_versions(server, {before})
        shutil.copy(DEMO / USERS, workspace / USERS)
        (workspace / DASHBOARD).write_text(
            (DEMO / DASHBOARD).read_text().replace("title: Sales", "title: Sales (edited)")
        )
        os.kill(server.process.pid, signal.SIGHUP)
        after = server.wait_for_text_match(r"SIGHUP: workers restart on workspace (\w+)", mark)
        assert after != before
        wait_for_versions(server, {after})
    assert hammer.done > 20
    assert hammer.failures == []


def test_admin_reload_reports_problems_and_switches_every_worker_when_valid(served):
    server, workspace = served
    admin = server.sign_in("ops@example.com")
    [before] = versions(server)
    (workspace / USERS).write_text("viewers:\n  members: nobody\n")
    refused = admin.post(f"{server.url}/admin/reload", timeout=10)
    assert refused.status_code == 422
    assert refused.json()["ok"] is False
    assert any("dashboards/sales/users.yaml" in p for p in refused.json()["problems"])
    assert versions(server) == {before}
    shutil.copy(DEMO / USERS, workspace / USERS)
    (workspace / DASHBOARD).write_text(
        (DEMO / DASHBOARD).read_text().replace("title: Sales", "title: Sales (v2)")
    )
    accepted = admin.post(f"{server.url}/admin/reload", timeout=10)
    assert accepted.status_code == 200
    wait_for_versions(server, {accepted.json()["version"]})


def test_metrics_count_the_requests_of_every_worker(served):
    server, _ = served
    browser = server.sign_in("demo@example.com")
    body = {"dashboard": "sales", "view": "monthly_revenue", "params": {"region": "EU"}}
    for _ in range(12):
        assert browser.post(f"{server.url}/api/query", json=body, timeout=10).ok
    # Whichever worker answers the scrape reports the whole server.
    for _ in range(4):
        text = requests.get(f"{server.url}/metrics", timeout=10).text
        totals = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if (
                    sample.name == "plotpress_http_requests_total"
                    and sample.labels.get("route") == "/api/query"
                ):
                    totals[sample.labels["status"]] = sample.value
        assert totals == {"200": 12}


def test_a_broken_plotpress_yaml_on_sighup_leaves_the_server_serving(served):
    server, workspace = served
    browser = server.sign_in("demo@example.com")
    [before] = versions(server)
    settings = workspace / "plotpress.yaml"
    settings.write_text(settings.read_text() + "listen: [broken\n")
    mark = len(server.log())
    os.kill(server.process.pid, signal.SIGHUP)
    server.wait_for_text("workspace refused", after=mark)
    wait_for_versions(server, {before})
    assert server.process.poll() is None
    body = {"dashboard": "sales", "view": "monthly_revenue", "params": {"region": "EU"}}
    assert browser.post(f"{server.url}/api/query", json=body, timeout=10).status_code == 200
