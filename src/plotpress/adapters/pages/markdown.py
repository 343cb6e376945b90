"""The page renderer: the shared page parser (adapters/markdown_parser.py) + heading anchors.

Raw HTML in the Markdown is escaped, not passed through (``html=False``): a page is
shown to every viewer of the dashboard, and an escaped ``<script>`` is visibly wrong
where a sanitiser would silently change what the author wrote. Links keep
markdown-it's own check, which drops ``javascript:``, ``vbscript:``, ``file:`` and
non-image ``data:`` URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify

from plotpress.adapters.markdown_parser import make_markdown
from plotpress.adapters.pages.islands import island, missing_island
from plotpress.adapters.pages.js_module import compile_block
from plotpress.domain.infostring import is_plot_info
from plotpress.domain.workspace import Block, Dashboard, Page
from plotpress.ports.page_renderer import BlockLinks, Heading, RenderedPage

# Ids that would shadow the runtime's globals through named access on ``window``
# (``<h2 id="d3">`` makes ``window.d3`` the heading until d3 loads over it).
_RESERVED_IDS = frozenset({"d3", "plot", "Plot", "plotpress"})


def _slug(text: str) -> str:
    slug = slugify(text)
    return f"{slug}-section" if slug in _RESERVED_IDS else slug


def make_renderer_markdown() -> MarkdownIt:
    """The shared page parser plus heading ids (h1–h4), which change no block."""
    md = make_markdown()
    anchors_plugin(md, min_level=1, max_level=4, slug_func=_slug)
    return md


def _inline_text(token: Token) -> str:
    parts = [child.content for child in token.children or [] if child.content]
    return " ".join("".join(parts).split())


class MarkdownPageRenderer:
    """The PageRenderer port over markdown-it-py; stateless after construction."""

    def __init__(self, links: BlockLinks) -> None:
        self._links = links
        self._md = make_renderer_markdown()
        html_renderer = self._md.renderer
        assert isinstance(html_renderer, RendererHTML)  # the default renderer of MarkdownIt
        self._fence = html_renderer.rules["fence"]

        # markdown-it binds rules to its renderer, so the rule is a closure over self.
        def fence(
            renderer: RendererHTML,
            tokens: Sequence[Token],
            idx: int,
            options: OptionsDict,
            env: dict[str, Any],
        ) -> str:
            return self._render_fence(tokens, idx, options, env)

        self._md.add_render_rule("fence", fence)
        self._md.add_render_rule("table_open", _table_open)
        self._md.add_render_rule("table_close", _table_close)

    def render(self, dashboard: Dashboard, page: Page, *, version: str) -> RenderedPage:
        tokens = self._md.parse(page.markdown)
        headings: list[Heading] = []
        label: str | None = None
        plot_fences = 0
        for position, token in enumerate(tokens):
            if token.type == "heading_open":
                label = _inline_text(tokens[position + 1]) or label
                level = int(token.tag[1])
                if level in (2, 3):
                    headings.append(Heading(level, str(token.attrGet("id") or ""), label or ""))
            elif token.type == "fence" and is_plot_info(token.info):
                token.meta["plot_index"] = plot_fences
                token.meta["label"] = label
                plot_fences += 1
        env = {"dashboard": dashboard, "page": page, "version": version}
        html = self._md.renderer.render(tokens, self._md.options, env)
        return RenderedPage(html=html, headings=tuple(headings))

    def block_module(self, block: Block) -> str:
        return compile_block(block.code)

    def _render_fence(
        self,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: dict[str, Any],
    ) -> str:
        token = tokens[idx]
        position = token.meta.get("plot_index")
        if position is None:
            return str(self._fence(tokens, idx, options, env))
        dashboard: Dashboard = env["dashboard"]
        page: Page = env["page"]
        block = next((b for b in page.blocks if b.index == position), None)
        if block is None:
            return missing_island(position)
        name = block.title or token.meta.get("label") or f"Chart {position + 1}"
        return island(
            block,
            dashboard,
            page=page.name,
            name=name,
            module_url=self._links.module(dashboard.slug, page.name, block.index, env["version"]),
            csv_url=self._links.csv(dashboard.slug, page.name, block.index),
        )


def _table_open(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: dict[str, Any],
) -> str:
    return '<div class="pp-table-wrap">\n' + renderer.renderToken(tokens, idx, options, env)


def _table_close(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: dict[str, Any],
) -> str:
    return renderer.renderToken(tokens, idx, options, env) + "</div>\n"
