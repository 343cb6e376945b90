"""A good page: every block draws its chart from its own data, cleanly."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integration.browser.islands import island, marks, settle
from tests.integration.browser.workspace import DAYS, MONTHS, REGIONS

pytestmark = pytest.mark.browser


def test_every_block_draws_an_svg_with_one_mark_per_row_of_its_data(page):
    page.goto("/dashboards/sales/")
    settle(page)
    expect(page.locator("figure.pp-block[data-state=ready]")).to_have_count(4)
    for index in range(4):
        expect(island(page, index).locator(".pp-chart svg")).not_to_have_count(0)
    expect(marks(page, 0, "rect", "rect")).to_have_count(MONTHS[2026])
    expect(marks(page, 1, "dot", "circle")).to_have_count(len(REGIONS))
    expect(marks(page, 2, "line", "path")).to_have_count(1)
    expect(marks(page, 2, "rule", "line")).to_have_count(1)
    expect(marks(page, 3, "bar", "rect")).to_have_count(len(REGIONS))
    assert DAYS == 30  # the line joins all 30 days: one path


def test_a_good_page_has_no_csp_violation_and_no_console_error(page, problems):
    page.goto("/dashboards/sales/")
    settle(page)
    expect(page.locator("figure.pp-block[data-state=ready]")).to_have_count(4)
    assert problems.csp_violations == []
    assert problems.page_errors == []
    assert problems.console_errors == []


def test_each_chart_is_named_by_its_title_or_the_heading_above_it(page):
    page.goto("/dashboards/sales/")
    settle(page)
    for name in ("Revenue by month", "Regions", "Daily", "Region bars"):
        expect(page.get_by_role("figure", name=name)).to_have_count(1)
    expect(island(page, 1).locator("svg[role=img]")).to_have_attribute("aria-label", "Regions")


def test_show_data_reveals_the_rows_behind_a_chart(page):
    page.goto("/dashboards/sales/")
    settle(page)
    island(page, 1).get_by_text("Show data").click()
    table = island(page, 1).locator("table.pp-table")
    expect(table.locator("tbody tr")).to_have_count(len(REGIONS))
    expect(table.locator("thead th")).to_have_text(["region", "revenue"])


def test_the_sidebar_lists_the_dashboards_pages_in_order_and_marks_the_current_one(page):
    page.goto("/dashboards/sales/problems")
    nav = page.get_by_role("navigation", name="Sales")
    expect(nav.locator(".pp-nav a")).to_have_text(["Sales overview", "Problems"])
    expect(nav.locator("a[aria-current=page]")).to_have_text("Problems")
    expect(page.locator(".pp-footer")).to_contain_text("test-v1")
