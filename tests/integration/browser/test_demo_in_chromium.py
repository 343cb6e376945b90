"""The bundled demo as a viewer meets it: ``plotpress serve examples/demo`` under gunicorn,
signed in with an e-mailed (console) code, pages drawn in Chromium."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.integration.browser.conftest import ARTIFACTS
from tests.integration.browser.islands import island, marks, settle
from tests.integration.serving import DEMO, Server, serve

pytestmark = pytest.mark.browser


def _rows(region: str) -> int:
    with (DEMO / "data" / "sales" / "monthly_revenue.csv").open() as handle:
        return sum(1 for row in csv.DictReader(handle) if row["region"] == region)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serve(cwd=tmp_path_factory.mktemp("demo")) as server:
        yield server


def _signed_in_page(browser: Any, demo: Server, email: str, **options: Any) -> Any:
    session = demo.sign_in(email)
    context = browser.new_context(base_url=demo.url, **options)
    context.add_cookies(
        [{"name": c.name, "value": c.value, "url": demo.url} for c in session.cookies]
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def test_the_demo_sales_page_draws_every_block_for_an_analyst(browser, demo):
    page = _signed_in_page(browser, demo, "analyst@example.com")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/dashboards/sales/")
    settle(page)
    expect(page.locator("figure.pp-block[data-state=ready]")).to_have_count(3)
    expect(marks(page, 0, "rect", "rect")).to_have_count(_rows("EU"))
    for index in range(3):
        expect(island(page, index).locator(".pp-chart svg")).not_to_have_count(0)
    assert errors == []


def test_the_warehouse_block_is_denied_in_place_for_a_viewer(browser, demo):
    page = _signed_in_page(browser, demo, "demo@example.com")
    page.goto("/dashboards/sales/")
    settle(page)
    expect(island(page, 2)).to_have_attribute("data-state", "error")
    expect(island(page, 2)).to_contain_text("Not allowed")
    expect(page.locator("figure.pp-block[data-state=ready]")).to_have_count(2)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_demo_pages_are_saved(browser, demo, scheme):
    page = _signed_in_page(browser, demo, "analyst@example.com", color_scheme=scheme)
    folder = ARTIFACTS / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    for path, name in [
        ("/", "home"),
        ("/dashboards/sales/", "sales"),
        ("/dashboards/sales/customers", "customers"),
    ]:
        page.goto(path)
        if name != "home":
            settle(page)
        target = folder / f"{name}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
