"""Build the connector of a configured connection, chosen by its driver."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

from plotpress.adapters.connectors.duckdb import duckdb_connector
from plotpress.adapters.connectors.files import files_connector
from plotpress.adapters.connectors.mysql import MysqlConnector
from plotpress.adapters.connectors.postgres import PostgresConnector
from plotpress.adapters.connectors.sqlite import SqliteConnector
from plotpress.domain.workspace import Connection, Driver, ViewDef
from plotpress.ports.connector import Connector, ConnectorConfigError, ConnectorFactory

_NO_VIEWS: Mapping[str, ViewDef] = MappingProxyType({})


def build_connector(
    connection: Connection,
    *,
    workspace_root: str,
    views: Mapping[str, ViewDef] = _NO_VIEWS,
    forbidden_paths: Collection[str] = (),
) -> Connector:
    """A connector for ``connection``; ``views`` are the dashboard's ``views/*.sql``, which
    only file-backed drivers create. Connections are opened on first use, except that the
    ``files`` driver reads its folder and creates its views now, so a broken file or view
    fails the workspace load. Raise ConnectorConfigError for a configuration that cannot
    work, including a sqlite or duckdb database file or a ``files`` data file that is one
    of ``forbidden_paths`` (PlotPress's metadata database) or its -wal/-shm/-journal."""
    driver = connection.driver
    if driver is Driver.SQLITE:
        return SqliteConnector(
            connection, workspace_root=workspace_root, forbidden_paths=forbidden_paths
        )
    if driver is Driver.DUCKDB:
        return duckdb_connector(
            connection, workspace_root=workspace_root, forbidden_paths=forbidden_paths
        )
    if driver is Driver.FILES:
        return files_connector(
            connection,
            workspace_root=workspace_root,
            views=views,
            forbidden_paths=forbidden_paths,
        )
    if driver is Driver.POSTGRES:
        return PostgresConnector(connection)
    if driver in (Driver.MYSQL, Driver.MARIADB):
        return MysqlConnector(connection)
    raise ConnectorConfigError(f"driver '{driver.value}' is not supported yet")


_CONFORMS: ConnectorFactory = build_connector
