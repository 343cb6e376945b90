"""The CSV link downloads the block's data with the current parameters."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from plotpress.domain.audit import AuditFilter
from tests.integration.browser.islands import island, settle

pytestmark = pytest.mark.browser


def test_the_csv_link_downloads_the_rows_the_query_returns_for_the_current_input(
    page, live_app, tmp_path
):
    page.goto("/dashboards/sales/?b0.year=2025")
    settle(page)
    audited_before = len(audit_rows(live_app, "monthly_revenue"))
    with page.expect_download() as started:
        island(page, 0).get_by_role("link", name="Download CSV").click()
    download = started.value
    assert download.suggested_filename == "sales-index-0-monthly_revenue.csv"
    target = tmp_path / "data.csv"
    download.save_as(target)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    db = live_app.store.path.replace("meta.db", "warehouse.db")
    with sqlite3.connect(db) as conn:
        expected = conn.execute(
            "SELECT year, month, revenue FROM monthly_revenue WHERE year = 2025"
        ).fetchall()
    assert rows[0] == ["year", "month", "revenue"]
    assert rows[1:] == [[str(y), m, repr(r)] for y, m, r in expected]
    rows_now = audit_rows(live_app, "monthly_revenue")
    assert len(rows_now) == audited_before + 1  # the same audit as /api/query
    assert rows_now[0].params["year"].endswith("2025")
    assert rows_now[0].page == "index"


def audit_rows(live_app, name):
    with live_app.store.unit_of_work() as uow:
        events = uow.audit.query(AuditFilter(dashboard="sales"), limit=1000).events
    return [e for e in events if e.name == name]
