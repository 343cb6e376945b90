"""Connectors built on first use and reused, one per dashboard connection.

A reload that changes a connection's settings gets a fresh connector (the old one is
closed); an unchanged connection keeps its pool across reloads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from plotpress.domain.workspace import Connection, Dashboard, ViewDef
from plotpress.ports.connector import Connector

Builder = Callable[..., Connector]


class ConnectorRegistry:
    def __init__(self, workspace_root: str | Path, build: Builder) -> None:
        self._root = str(workspace_root)
        self._build = build
        self._lock = threading.Lock()
        self._built: dict[tuple[str, str], tuple[Connection, Mapping[str, ViewDef], Connector]] = {}

    def get(self, dashboard: Dashboard, connection: Connection) -> Connector:
        key = (dashboard.slug, connection.name)
        with self._lock:
            found = self._built.get(key)
            if found is not None and found[0] == connection and found[1] == dashboard.views:
                return found[2]
            connector = self._build(connection, workspace_root=self._root, views=dashboard.views)
            self._built[key] = (connection, dashboard.views, connector)
        if found is not None:
            found[2].close()
        return connector

    def close(self) -> None:
        with self._lock:
            built, self._built = self._built, {}
        for _, _, connector in built.values():
            connector.close()
