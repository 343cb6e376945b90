"""Where the services get a ready connector for a dashboard's connection."""

from __future__ import annotations

from typing import Protocol

from plotpress.domain.workspace import Connection, Dashboard
from plotpress.ports.connector import Connector


class Connectors(Protocol):
    def get(self, dashboard: Dashboard, connection: Connection) -> Connector:
        """The connector for ``connection`` of ``dashboard`` (built once, then reused).

        Raises ConnectorConfigError when the connection cannot be set up.
        """
        ...

    def close(self) -> None:
        """Close every connector built so far."""
        ...
