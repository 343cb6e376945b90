"""Pages render as CommonMark with tables and anchors; plot fences become islands."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import attrs
from hypothesis import given
from hypothesis import strategies as st

from plotpress.adapters.pages import MarkdownPageRenderer
from plotpress.entrypoints.wsgi.page_urls import PAGE_LINKS
from plotpress.ports.page_renderer import RenderedPage
from tests.unit.pages.builders import dashboard, page


def render(markdown: str, *, version: str = "v1") -> RenderedPage:
    board = dashboard("sales", page("index", "Sales", markdown))
    return MarkdownPageRenderer(PAGE_LINKS).render(board, board.pages[0], version=version)


class _Figures(HTMLParser):
    """The attributes of every <figure> of a page, unescaped as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "figure":
            self.figures.append(dict(attrs))


def figures(html: str) -> list[dict[str, str | None]]:
    parser = _Figures()
    parser.feed(html)
    return parser.figures


def test_nested_lists_render_nested():
    html = render("- a\n  1. one\n  2. two\n     - deep\n- b\n").html
    assert "<ul>\n<li>a\n<ol>\n<li>one</li>\n<li>two\n<ul>\n<li>deep</li>" in html


def test_gfm_tables_render_inside_a_scrolling_wrapper():
    html = render("| a | b |\n|---|--:|\n| 1 | 2 |\n").html
    assert html.startswith('<div class="pp-table-wrap">\n<table>')
    assert '<td style="text-align:right">2</td>' in html


def test_fences_that_are_not_plot_blocks_stay_escaped_code_blocks():
    html = render("```python\nif a < b: print('<b>')\n```\n\n```\nplain\n```\n").html
    assert '<pre><code class="language-python">if a &lt; b: print(' in html
    assert "<pre><code>plain\n</code></pre>" in html
    assert "pp-block" not in html


def test_a_fence_mentioning_plot_after_its_language_is_not_a_block():
    assert "pp-block" not in render("```js plot\nx\n```\n").html


def test_headings_get_github_style_anchors_and_duplicates_stay_distinct():
    html = render("# Sales\n\n## Q1 Revenue!\n\n## Q1 Revenue!\n").html
    assert '<h1 id="sales">' in html
    assert '<h2 id="q1-revenue">' in html
    assert '<h2 id="q1-revenue-1">' in html


def test_a_heading_that_would_shadow_a_runtime_global_gets_another_id():
    assert '<h2 id="d3-section">' in render("## d3\n").html


def test_section_headings_are_listed_for_the_page_navigation():
    headings = render("# T\n\n## One\n\n### Sub\n\n#### Deep\n\n## Two\n").headings
    assert [(h.level, h.anchor, h.text) for h in headings] == [
        (2, "one", "One"),
        (3, "sub", "Sub"),
        (2, "two", "Two"),
    ]


def test_raw_html_in_markdown_is_shown_as_text_not_markup():
    html = render(
        '<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)"> and '
        '<a href="javascript:alert(1)">x</a>\n\n<style>body{}</style>\n'
    ).html
    assert "<script" not in html
    assert "<img" not in html
    assert "<style" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_script_links_are_not_made_into_links():
    html = render("[a](javascript:alert(1)) [b](vbscript:x) [c](data:text/html,x) [ok](/x)").html
    assert 'href="javascript' not in html
    assert 'href="vbscript' not in html
    assert 'href="data:' not in html
    assert '<a href="/x">ok</a>' in html


@given(st.text())
def test_no_text_renders_to_a_script_style_or_frame_element(text):
    html = render(text).html.lower()
    for tag in ("<script", "<style", "<iframe", "<object", "<embed", "<svg", "<math"):
        assert tag not in html


def test_each_plot_fence_becomes_an_island_carrying_its_attributes_but_not_its_code():
    html = render(
        "## Revenue\n\n```plot view=monthly params.year=2026 params.region=EU height=320"
        ' class="wide tall" connection=warehouse\nPlot.barY(data, {x: "secret-marker"})\n```\n'
    ).html
    (figure,) = figures(html)
    assert figure["class"] == "pp-block wide tall"
    assert figure["data-kind"] == "view"
    assert figure["data-name"] == "monthly"
    assert figure["data-connection"] == "warehouse"
    assert json.loads(figure["data-params"] or "") == {"year": "2026", "region": "EU"}
    assert figure["data-height"] == "320"
    assert figure["data-block"] == "0"
    assert figure["data-module"] == "/dashboards/sales/index/blocks/0.js?v=v1"
    assert figure["data-csv"] == "/api/dashboards/sales/pages/index/blocks/0.csv"
    assert "secret-marker" not in html


def test_a_block_without_a_connection_carries_the_dashboards_default():
    (figure,) = figures(render("```plot query=top\nx\n```\n").html)
    assert figure["data-kind"] == "query"
    assert figure["data-connection"] == "warehouse"


def test_a_chart_is_named_by_its_title_else_the_nearest_heading_else_its_position():
    html = render(
        '```plot view=a\nx\n```\n\n## Costs\n\n```plot view=b title="Cost split"\nx\n```\n\n'
        "```plot view=c\nx\n```\n"
    ).html
    assert [f["data-label"] for f in figures(html)] == ["Chart 1", "Cost split", "Costs"]
    assert '<figcaption class="pp-block-title" id="pp-block-1-title">Cost split' in html
    assert 'class="pp-block-title pp-visually-hidden" id="pp-block-2-title">Costs' in html


def test_hostile_block_attributes_stay_inside_their_attributes():
    hostile = '"><script>alert(1)</script><x y="'
    quoted = hostile.replace("\\", "\\\\").replace('"', '\\"')
    html = render(
        f'```plot view=v title="{quoted}" class="a\\"onmouseover=alert(1) b" '
        f'params.p="{quoted}"\nx\n```\n'
    ).html
    assert "<script" not in html
    (figure,) = figures(html)
    assert figure["data-label"] == hostile
    assert json.loads(figure["data-params"] or "") == {"p": hostile}
    assert figure["class"] == "pp-block b"
    assert "onmouseover" not in (figure)


@given(st.text(min_size=1), st.text())
def test_any_title_and_parameter_value_round_trip_through_the_island_attributes(title, value):
    board = dashboard("sales", page("index", "Sales", "```plot view=v\nx\n```\n"))
    (block,) = board.pages[0].blocks
    hostile = attrs.evolve(block, title=title, params={"p": value}, css_class=title)
    board = attrs.evolve(board, pages=(attrs.evolve(board.pages[0], blocks=(hostile,)),))
    html = MarkdownPageRenderer(PAGE_LINKS).render(board, board.pages[0], version="v").html
    (figure,) = figures(html)
    assert figure["data-label"] == title
    assert json.loads(figure["data-params"] or "") == {"p": value}
    assert set(figure) >= {"data-label", "data-params", "class"}
    assert len(figures(html)) == 1
    assert "<script" not in html.replace("&lt;script", "")


def test_the_module_url_is_keyed_by_an_escaped_workspace_version():
    (figure,) = figures(render("```plot view=v\nx\n```\n", version="a b&c").html)
    assert figure["data-module"] == "/dashboards/sales/index/blocks/0.js?v=a%20b%26c"
