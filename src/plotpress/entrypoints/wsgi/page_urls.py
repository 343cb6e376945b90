"""The URLs of pages, block modules and CSV downloads (one place for the route shapes)."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def page_url(dashboard: str, page: str) -> str:
    return f"/dashboards/{dashboard}/" if page == "index" else f"/dashboards/{dashboard}/{page}"


def login_url(next_path: str) -> str:
    return "/auth/login?" + urlencode({"next": next_path})


class RouteLinks:
    """BlockLinks for the routes ``add_page_routes`` installs."""

    def module(self, dashboard: str, page: str, index: int, version: str) -> str:
        url = f"/dashboards/{dashboard}/{page}/blocks/{index}.js"
        return f"{url}?v={quote(version, safe='')}" if version else url

    def csv(self, dashboard: str, page: str, index: int) -> str:
        return f"/api/dashboards/{dashboard}/pages/{page}/blocks/{index}.csv"


PAGE_LINKS = RouteLinks()
