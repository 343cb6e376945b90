"""The loader's blocks and the renderer's islands are the same fences, one for one."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from plotpress.adapters.pages import MarkdownPageRenderer
from plotpress.entrypoints.wsgi.page_urls import PAGE_LINKS
from tests.integration.workspace.conftest import WorkspaceDir

HOSTILE_LAYOUTS = {
    "raw_html": "<div>\n```plot view=in_div\nPlot.dot(data)\n```\n</div>\n",
    "html_comment": "<!--\n```plot view=in_comment\nPlot.dot(data)\n```\n-->\n",
    "list": "- one\n  ```plot view=in_list\n  Plot.dot(data)\n  ```\n- two\n",
    "ordered_list": "1. one\n\n   ```plot query=top\n   Plot.dot(data)\n   ```\n",
    "blockquote": "> quoted\n> ```plot view=in_quote\n> Plot.dot(data)\n> ```\n",
    "unclosed_in_blockquote": "> ```plot view=unclosed\n> Plot.dot(data)\n\nafter\n",
    "indented_code": "text\n\n    ```plot view=indented\n    Plot.dot(data)\n    ```\n",
    "tildes": "~~~plot view=tilde\nPlot.dot(data)\n~~~\n",
    "fence_in_fence": "````md\n```plot view=quoted_fence\nx\n```\n````\n",
    "after_table": "| a | b |\n|---|---|\n| 1 | 2 |\n```plot view=after_table\nx\n```\n",
    "in_table_cell": "| a |\n|---|\n| ```plot view=in_cell``` |\n",
    "html_then_fence": "<details>\n<summary>More</summary>\n\n```plot view=after_html\nx\n```\n"
    "</details>\n",
}


class _Figures(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure":
            self.figures.append(dict(attrs))


@pytest.mark.parametrize("layout", sorted(HOSTILE_LAYOUTS))
def test_every_loaded_block_is_rendered_as_its_own_island_in_order(
    ws: WorkspaceDir, layout: str
) -> None:
    body = HOSTILE_LAYOUTS[layout]
    ws.write(
        "dashboards/sales/index.md",
        f"# Sales\n\n```plot view=first\nx\n```\n\n{body}\n```plot view=last\nx\n```\n",
    )
    board = ws.load().dashboards["sales"]
    index = board.pages[0]

    html = MarkdownPageRenderer(PAGE_LINKS).render(board, index, version="v1").html
    parser = _Figures()
    parser.feed(html)

    islands = [
        (f.get("data-block"), f.get("data-kind"), f.get("data-name")) for f in parser.figures
    ]
    blocks = [(str(b.index), b.kind.value, b.name) for b in index.blocks]
    assert islands == blocks
    assert blocks[0][2] == "first"
    assert blocks[-1][2] == "last"


def test_a_fence_inside_raw_html_is_a_block_because_raw_html_is_text(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", HOSTILE_LAYOUTS["raw_html"])

    index = ws.load().dashboards["sales"].pages[0]

    assert [b.name for b in index.blocks] == ["in_div"]
