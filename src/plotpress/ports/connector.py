"""Data sources: run one prepared, parameter-bound statement with a timeout and a row cap."""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from typing import Protocol

import attrs

from plotpress.domain.params import ParamValue
from plotpress.domain.workspace import Connection, ViewDef

JsonScalar = None | bool | int | float | str
"""What a result cell is: JSON-friendly already (see Connector.execute)."""


class ConnectorError(Exception):
    """Base of connector errors. Messages are safe to show: no DSN, no credentials."""


class QueryTimeout(ConnectorError):
    """The statement ran past its timeout and was cancelled on the server."""


class DataSourceError(ConnectorError):
    """The data source refused or failed the statement (sanitised message)."""


class ConnectorConfigError(ConnectorError):
    """The connection's configuration cannot work (bad DSN shape, missing file, ...)."""


class UnknownRelation(ConnectorError):
    """The view or table named does not exist on this connection."""


class Placeholder(enum.Enum):
    """How a driver spells a bound parameter."""

    QMARK = "?"  # sqlite, duckdb
    FORMAT = "%s"  # psycopg, PyMySQL; a literal % is written %% (values are always bound)


@attrs.frozen
class Column:
    """``type`` is one of: integer, number, string, boolean, date, timestamp, json."""

    name: str
    type: str


@attrs.frozen
class Statement:
    """SQL text using the connector's placeholder style, and the values bound in order."""

    sql: str
    values: tuple[ParamValue, ...] = ()


@attrs.frozen
class ResultSet:
    columns: tuple[Column, ...]
    rows: tuple[tuple[JsonScalar, ...], ...]
    truncated: bool = False


class Connector(Protocol):
    """One configured connection, with its own pool (``pool.max_open`` at most)."""

    dialect: str
    """The sqlglot dialect name: sqlite, duckdb, postgres, mysql."""

    placeholder: Placeholder

    def quote_identifier(self, name: str) -> str:
        """``name`` quoted as an identifier in this dialect (quotes inside doubled)."""
        ...

    def relation_columns(self, relation: str, timeout: float) -> tuple[Column, ...]:
        """The real columns (names and types) of a view or table.

        Raise UnknownRelation if it is absent. The query service checks parameter names
        against these and types each value by its column's type.
        """
        ...

    def execute(self, statement: Statement, *, timeout: float, max_rows: int | None) -> ResultSet:
        """Run a read-only statement with its values bound by the driver.

        Stops (server-side cancel, not just abandon) after ``timeout`` seconds and raises
        QueryTimeout. Returns at most ``max_rows`` rows and ``truncated=True`` when more
        existed. Cells are JSON-friendly: None, bool, int within ±(2**53-1) (larger
        integers as decimal strings), finite float (NaN/inf as None), str; dates and
        timestamps as ISO 8601 strings; decimals as float; bytes as base64; anything
        structured as a JSON string with column type ``json``.
        """
        ...

    def cancel_all(self) -> None:
        """Cancel every statement this connector is running (used at shutdown)."""
        ...

    def close(self) -> None:
        """Close pooled connections."""
        ...


class ConnectorFactory(Protocol):
    def __call__(
        self,
        connection: Connection,
        *,
        workspace_root: str,
        views: Mapping[str, ViewDef] = ...,
        forbidden_paths: Collection[str] = ...,
    ) -> Connector:
        """Build a connector for a configured connection; raise ConnectorConfigError.

        ``views`` are the dashboard's ``views/*.sql``; file-backed drivers create them.
        ``forbidden_paths`` (default: none) are files no data source may open, after
        symlinks, with their ``-wal``/``-shm``/``-journal`` companions: PlotPress's own
        metadata database.
        """
        ...
