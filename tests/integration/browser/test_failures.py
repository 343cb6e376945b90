"""A failing block shows its own error; the rest of the page still renders."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integration.browser.islands import island, marks, settle

pytestmark = pytest.mark.browser


def test_a_code_error_and_a_denied_query_each_show_in_place_while_other_blocks_render(
    page, problems
):
    page.goto("/dashboards/sales/problems")
    settle(page)
    expect(island(page, 0)).to_have_attribute("data-state", "ready")
    expect(marks(page, 0, "dot", "circle")).to_have_count(4)

    broken = island(page, 1)
    expect(broken).to_have_attribute("data-state", "error")
    expect(broken.get_by_role("alert")).to_contain_text("ReferenceError")
    expect(broken.get_by_role("alert")).to_contain_text("missingVariable is not defined")

    denied = island(page, 2)
    expect(denied).to_have_attribute("data-state", "error")
    expect(denied.get_by_role("alert")).to_contain_text("Not allowed")
    expect(denied.get_by_role("alert")).to_contain_text("may use connection 'secret'")

    no_expression = island(page, 3)
    expect(no_expression.get_by_role("alert")).to_contain_text(
        "its last statement must be an expression"
    )
    for index in (1, 2, 3):
        expect(island(page, index).locator(".pp-chart svg")).to_have_count(0)
    assert problems.page_errors == []  # errors were caught and shown, not thrown
    assert problems.csp_violations == []
