"""Inputs: a change re-queries and redraws, and the URL carries the state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integration.browser.islands import island, marks, settle
from tests.integration.browser.workspace import MONTHS

pytestmark = pytest.mark.browser


def is_query(request) -> bool:
    return request.method == "POST" and request.url.endswith("/api/query")


def test_changing_a_select_requeries_redraws_with_the_new_data_and_updates_the_url(page):
    page.goto("/dashboards/sales/")
    settle(page)
    select = island(page, 0).get_by_label("Year")
    expect(select).to_have_value("2026")
    with page.expect_request(is_query) as sent:
        select.select_option("2025")
    body = sent.value.post_data_json
    assert body["view"] == "monthly_revenue"
    assert body["dashboard"] == "sales"
    assert str(body["params"]["year"]) == "2025"
    expect(marks(page, 0, "rect", "rect")).to_have_count(MONTHS[2025])
    expect(page).to_have_url(page.url.split("?")[0] + "?b0.year=2025")
    expect(island(page, 0).locator("a.pp-csv")).to_have_attribute(
        "href", "/api/dashboards/sales/pages/index/blocks/0.csv?year=2025"
    )


def test_loading_a_url_with_input_state_reproduces_the_view(page):
    with page.expect_request(
        lambda r: is_query(r) and r.post_data_json.get("view") == "monthly_revenue"
    ) as sent:
        page.goto("/dashboards/sales/?b0.year=2024")
    assert str(sent.value.post_data_json["params"]["year"]) == "2024"
    settle(page)
    expect(island(page, 0).get_by_label("Year")).to_have_value("2024")
    expect(marks(page, 0, "rect", "rect")).to_have_count(MONTHS[2024])
    expect(marks(page, 1, "dot", "circle")).to_have_count(4)  # other blocks unaffected
