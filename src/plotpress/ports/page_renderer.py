"""Turning a page's Markdown into HTML with chart islands, and a block into a browser module."""

from __future__ import annotations

from typing import Protocol

import attrs

from plotpress.domain.workspace import Block, Dashboard, Page


@attrs.frozen
class Heading:
    """A section heading of a rendered page, for an "on this page" list."""

    level: int
    anchor: str
    text: str


@attrs.frozen
class RenderedPage:
    """The page body as safe HTML (raw HTML of the Markdown escaped, attributes quoted)."""

    html: str
    headings: tuple[Heading, ...] = ()


class BlockLinks(Protocol):
    """Where the browser finds a block's module and its CSV (the web layer's URLs)."""

    def module(self, dashboard: str, page: str, index: int, version: str) -> str:
        """The URL of the compiled ES module of block ``index`` (keyed by workspace version)."""
        ...

    def csv(self, dashboard: str, page: str, index: int) -> str:
        """The URL of the block's data as CSV, before any parameters are appended."""
        ...


class PageRenderer(Protocol):
    def render(self, dashboard: Dashboard, page: Page, *, version: str) -> RenderedPage:
        """Render ``page`` of ``dashboard``; each plot fence becomes an island element.

        Never runs block code. ``version`` is the workspace version the islands' module
        URLs are keyed by.
        """
        ...

    def block_module(self, block: Block) -> str:
        """The block body compiled into an ES module whose default export takes
        ``{data, params, Plot, d3, inputs}`` and returns the block's last expression."""
        ...
