"""Who sees which page, and rendered pages cached per workspace version."""

from __future__ import annotations

import attrs
import pytest

from plotpress.adapters.pages import MarkdownPageRenderer
from plotpress.domain.workspace import Block, Dashboard, Page, Workspace
from plotpress.entrypoints.wsgi.page_urls import PAGE_LINKS
from plotpress.ports.page_renderer import RenderedPage
from plotpress.services.pages import (
    PageForbidden,
    PageNotFound,
    PageService,
    SignInRequired,
)
from tests.unit.pages.builders import EmailViewer, dashboard, page

ANALYST = EmailViewer("Analyst@Example.com")
STRANGER = EmailViewer("someone@else.example")


@attrs.define
class CountingRenderer:
    """The real renderer, counting how often it is asked to work."""

    inner: MarkdownPageRenderer = attrs.Factory(lambda: MarkdownPageRenderer(PAGE_LINKS))
    renders: int = 0
    compiles: int = 0

    def render(self, dashboard: Dashboard, page: Page, *, version: str) -> RenderedPage:
        self.renders += 1
        return self.inner.render(dashboard, page, version=version)

    def block_module(self, block: Block) -> str:
        self.compiles += 1
        return self.inner.block_module(block)


def workspace(version: str = "v1") -> Workspace:
    sales = dashboard(
        "sales",
        page("index", "Sales", "# Sales\n\n```plot view=v\nPlot.dot(data)\n```\n"),
        page("more", "More", "More"),
    )
    ops = dashboard(
        "ops", page("index", "Ops", "x"), title="Ops", members={"oncall": {"a@b.example"}}
    )
    return Workspace({"ops": ops, "sales": sales}, version=version)


def test_a_viewer_sees_only_the_dashboards_they_hold_a_role_on():
    visible = PageService(CountingRenderer()).visible_dashboards(workspace(), ANALYST)
    assert [(d.slug, roles) for d, roles in visible] == [("sales", frozenset({"analyst"}))]


def test_nobody_signed_out_sees_any_dashboard():
    assert PageService(CountingRenderer()).visible_dashboards(workspace(), None) == []


def test_a_page_is_rendered_for_a_viewer_with_a_role_on_its_dashboard():
    view = PageService(CountingRenderer()).page(workspace(), ANALYST, "sales", "index")
    assert view.page.title == "Sales"
    assert view.roles == frozenset({"analyst"})
    assert 'class="pp-block"' in view.body.html


@pytest.mark.parametrize(
    ("viewer", "slug", "name", "problem"),
    [
        (None, "sales", "index", SignInRequired),
        (STRANGER, "sales", "index", PageForbidden),
        (ANALYST, "ops", "index", PageForbidden),
        (ANALYST, "nope", "index", PageNotFound),
        (ANALYST, "sales", "nope", PageNotFound),
    ],
)
def test_a_page_is_refused_with_the_reason(viewer, slug, name, problem):
    with pytest.raises(problem):
        PageService(CountingRenderer()).page(workspace(), viewer, slug, name)


def test_a_viewer_without_a_role_cannot_probe_which_pages_exist():
    service = PageService(CountingRenderer())
    with pytest.raises(PageForbidden):
        service.page(workspace(), STRANGER, "sales", "no-such-page")


def test_rendered_pages_are_cached_per_workspace_version_and_page():
    renderer = CountingRenderer()
    service = PageService(renderer)
    for _ in range(3):
        service.page(workspace("v1"), ANALYST, "sales", "index")
    service.page(workspace("v1"), ANALYST, "sales", "more")
    service.page(workspace("v2"), ANALYST, "sales", "index")
    assert renderer.renders == 3


def test_a_workspace_without_a_version_is_rendered_every_time():
    renderer = CountingRenderer()
    service = PageService(renderer)
    service.page(workspace(""), ANALYST, "sales", "index")
    service.page(workspace(""), ANALYST, "sales", "index")
    assert renderer.renders == 2


def test_the_cache_forgets_the_least_recently_used_page_beyond_its_capacity():
    renderer = CountingRenderer()
    service = PageService(renderer, cache_entries=1)
    service.page(workspace(), ANALYST, "sales", "index")
    service.page(workspace(), ANALYST, "sales", "more")
    service.page(workspace(), ANALYST, "sales", "index")
    assert renderer.renders == 3


def test_a_block_module_is_compiled_once_per_version_and_checked_like_its_page():
    renderer = CountingRenderer()
    service = PageService(renderer)
    module = service.block_module(workspace(), ANALYST, "sales", "index", 0)
    assert module == service.block_module(workspace(), ANALYST, "sales", "index", 0)
    assert "return (\nPlot.dot(data)\n);" in module
    assert renderer.compiles == 1
    with pytest.raises(PageForbidden):
        service.block_module(workspace(), STRANGER, "sales", "index", 0)
    with pytest.raises(PageNotFound):
        service.block_module(workspace(), ANALYST, "sales", "index", 1)
