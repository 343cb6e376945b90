"""Screenshots of the pages in light and dark, kept under test-artifacts/ for review."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.integration.browser.conftest import ARTIFACTS, open_context
from tests.integration.browser.islands import settle

pytestmark = pytest.mark.browser

PAGES = {"home": "/", "overview": "/dashboards/sales/", "problems": "/dashboards/sales/problems"}
BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 23, 28)"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pages_are_captured_in_the_viewers_colour_scheme(browser, live_app, scheme):
    context = open_context(
        browser, live_app, color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        (ARTIFACTS / "pages").mkdir(parents=True, exist_ok=True)
        for name, path in PAGES.items():
            page.goto(path)
            if name != "home":
                settle(page)
            expect(page.locator("body")).to_have_css("background-color", BACKGROUND[scheme])
            shot = ARTIFACTS / "pages" / f"{name}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
    finally:
        context.close()
