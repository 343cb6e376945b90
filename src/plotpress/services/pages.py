"""What a viewer may see: the dashboards they hold a role on, and those dashboards' pages.

A page (and each of its block modules) is served only to a signed-in viewer holding at
least one role on its dashboard. Rendering is pure in (workspace version, dashboard,
page), so rendered HTML and compiled modules are cached under that key; a workspace
without a version is rendered every time rather than risk serving a stale page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import attrs

from plotpress.domain.workspace import Block, Dashboard, Page, Workspace
from plotpress.ports.page_renderer import PageRenderer, RenderedPage
from plotpress.services.query.request import Viewer

T = TypeVar("T")


class PageProblem(Exception):
    """Why a page is not shown; ``status`` is the HTTP status the web layer answers."""

    status = 500
    title = "Error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class SignInRequired(PageProblem):
    status, title = 401, "Sign in required"


class PageForbidden(PageProblem):
    status, title = 403, "Not allowed"


class PageNotFound(PageProblem):
    status, title = 404, "Not found"


@attrs.frozen
class PageView:
    """A page ready for its template: where it sits and what it says."""

    dashboard: Dashboard
    page: Page
    body: RenderedPage
    roles: frozenset[str]
    version: str
    commit: str | None = None


class _Lru:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return value


class PageService:
    def __init__(self, renderer: PageRenderer, *, cache_entries: int = 512) -> None:
        self._renderer = renderer
        self._cache = _Lru(cache_entries)

    def visible_dashboards(
        self, workspace: Workspace, viewer: Viewer | None
    ) -> list[tuple[Dashboard, frozenset[str]]]:
        """The dashboards ``viewer`` holds a role on, with those roles, in workspace order."""
        if viewer is None:
            return []
        found = [(d, viewer.roles_on(d)) for d in workspace]
        return [(d, roles) for d, roles in found if roles]

    def page(self, workspace: Workspace, viewer: Viewer | None, slug: str, name: str) -> PageView:
        """The rendered page, or a PageProblem saying why not."""
        dashboard, page, roles = self._locate(workspace, viewer, slug, name)
        body = self._cached(
            workspace,
            ("page", slug, name),
            lambda: self._renderer.render(dashboard, page, version=workspace.version),
        )
        return PageView(dashboard, page, body, roles, workspace.version, workspace.commit)

    def block(
        self, workspace: Workspace, viewer: Viewer | None, slug: str, name: str, index: int
    ) -> tuple[Dashboard, Page, Block]:
        """Block ``index`` of a page the viewer may see."""
        dashboard, page, _ = self._locate(workspace, viewer, slug, name)
        block = next((b for b in page.blocks if b.index == index), None)
        if block is None:
            raise PageNotFound(f"page '{name}' has no block {index}")
        return dashboard, page, block

    def block_module(
        self, workspace: Workspace, viewer: Viewer | None, slug: str, name: str, index: int
    ) -> str:
        """The compiled ES module of block ``index`` of a page the viewer may see."""
        _, _, block = self.block(workspace, viewer, slug, name, index)
        return self._cached(
            workspace, ("module", slug, name, index), lambda: self._renderer.block_module(block)
        )

    def _locate(
        self, workspace: Workspace, viewer: Viewer | None, slug: str, name: str
    ) -> tuple[Dashboard, Page, frozenset[str]]:
        if viewer is None:
            raise SignInRequired("sign in to see this page")
        dashboard = workspace.dashboard(slug)
        if dashboard is None:
            raise PageNotFound(f"there is no dashboard '{slug[:64]}'")
        roles = viewer.roles_on(dashboard)
        if not roles:
            raise PageForbidden(f"you hold no role on dashboard '{dashboard.title}'")
        page = dashboard.page(name)
        if page is None:
            raise PageNotFound(f"dashboard '{dashboard.title}' has no page '{name[:64]}'")
        return dashboard, page, roles

    def _cached(self, workspace: Workspace, key: tuple[object, ...], make: Callable[[], T]) -> T:
        if not workspace.version:
            return make()
        return self._cache.get_or_make((workspace.version, *key), make)
