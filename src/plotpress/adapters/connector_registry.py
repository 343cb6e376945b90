"""Connectors built on first use and reused, one per dashboard connection configuration.

A connector is keyed by the dashboard's slug, the Connection itself (frozen, compared by
value) and the dashboard's views. During a reload, requests on the old and the new
workspace snapshot may run at once: a changed connection gets a connector of its own,
and the old snapshot's connector stays open, because closing it would cancel the queries
still running on it. Only :meth:`ConnectorRegistry.close` closes connectors. An
unchanged connection keeps its connector, and its pool, across reloads.

A connector is built outside the registry-wide lock, under a lock of its own key, so a
slow build (a ``files`` folder being read) holds up only the requests that need it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from pathlib import Path

from plotpress.domain.workspace import Connection, Dashboard, ViewDef
from plotpress.ports.connector import Connector

Builder = Callable[..., Connector]
_Key = tuple[str, Connection, frozenset[tuple[str, ViewDef]]]


class ConnectorRegistry:
    """``forbidden_paths`` reach every build (see ConnectorFactory): files no data source
    may open, such as the SQLite metadata database."""

    def __init__(
        self,
        workspace_root: str | Path,
        build: Builder,
        *,
        forbidden_paths: Collection[str] = (),
    ) -> None:
        self._root = str(workspace_root)
        self._build = build
        self._forbidden = tuple(forbidden_paths)
        self._lock = threading.Lock()
        self._built: dict[_Key, Connector] = {}
        self._building: dict[_Key, threading.Lock] = {}

    def get(self, dashboard: Dashboard, connection: Connection) -> Connector:
        """The connector of ``connection`` as ``dashboard`` declares it, built if needed."""
        key: _Key = (dashboard.slug, connection, frozenset(dashboard.views.items()))
        with self._lock:
            found = self._built.get(key)
            if found is not None:
                return found
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                found = self._built.get(key)
            if found is not None:
                return found  # built by the request this one waited for
            connector = self._build(
                connection,
                workspace_root=self._root,
                views=dashboard.views,
                forbidden_paths=self._forbidden,
            )
            with self._lock:
                self._built[key] = connector
                # A failed build keeps its gate, so the next attempts still take turns.
                self._building.pop(key, None)
        return connector

    def close(self) -> None:
        """Close every connector built so far (at shutdown)."""
        with self._lock:
            built, self._built = self._built, {}
        for connector in built.values():
            connector.close()
