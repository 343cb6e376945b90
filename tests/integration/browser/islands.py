"""Waiting for and reading chart islands in a Playwright page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

UNSETTLED = "figure.pp-block:not([data-state]), figure.pp-block[data-state=loading]"


def settle(page: Any) -> None:
    """Wait until no island is loading (every block drew, emptied or failed)."""
    expect(page.locator("figure.pp-block").first).to_be_attached()
    expect(page.locator(UNSETTLED)).to_have_count(0)


def island(page: Any, index: int) -> Any:
    return page.locator(f"figure#pp-block-{index}")


def marks(page: Any, index: int, mark: str, element: str) -> Any:
    """The SVG elements drawn by one Plot mark (Plot labels each mark's group)."""
    return island(page, index).locator(f'svg g[aria-label="{mark}"] {element}')
