"""A recording in-memory connector and registry for unit tests of the query service."""

from __future__ import annotations

import threading

import attrs

from plotpress.domain.workspace import Connection, Dashboard
from plotpress.ports.connector import (
    Column,
    ConnectorError,
    Placeholder,
    ResultSet,
    Statement,
    UnknownRelation,
)
from tests.fakes.clock import FakeClock


@attrs.define
class FakeTable:
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...] = ()


@attrs.define
class FakeConnector:
    """Serves canned tables; records every statement it is asked to run.

    ``execute`` answers with the rows of the table named after FROM, filtered by nothing:
    the unit tests check what was sent, integration tests check real engines.
    """

    tables: dict[str, FakeTable] = attrs.Factory(dict)
    placeholder: Placeholder = Placeholder.QMARK
    dialect: str = "sqlite"
    fail_with: ConnectorError | None = None
    clock: FakeClock | None = None  # advanced by ``latency`` on every execute
    latency: float = 0.0
    executed: list[Statement] = attrs.Factory(list)
    columns_read: list[str] = attrs.Factory(list)
    _lock: threading.Lock = attrs.Factory(threading.Lock)

    def quote_identifier(self, name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def relation_columns(self, relation: str, timeout: float) -> tuple[Column, ...]:
        self.columns_read.append(relation)
        table = self.tables.get(relation)
        if table is None:
            raise UnknownRelation(f"no relation {relation!r}")
        return table.columns

    def execute(self, statement: Statement, *, timeout: float, max_rows: int | None) -> ResultSet:
        with self._lock:
            self.executed.append(statement)
        if self.clock is not None:
            self.clock.advance(self.latency)
        if self.fail_with is not None:
            raise self.fail_with
        name = (
            statement.sql.split(" FROM ", 1)[1].split()[0].strip('"')
            if " FROM " in (statement.sql)
            else ""
        )
        table = self.tables.get(name, FakeTable(()))
        rows = table.rows if max_rows is None else table.rows[:max_rows]
        truncated = max_rows is not None and len(table.rows) > max_rows
        return ResultSet(table.columns, tuple(tuple(r) for r in rows), truncated)  # type: ignore[arg-type]

    def cancel_all(self) -> None:
        pass

    def close(self) -> None:
        pass


@attrs.define
class FakeConnectors:
    """Registry: one FakeConnector per connection name (shared across dashboards)."""

    by_name: dict[str, FakeConnector] = attrs.Factory(dict)
    default: FakeConnector = attrs.Factory(FakeConnector)

    def get(self, dashboard: Dashboard, connection: Connection) -> FakeConnector:
        return self.by_name.get(connection.name, self.default)

    def close(self) -> None:
        pass

    @property
    def executed(self) -> list[Statement]:
        out = list(self.default.executed)
        for connector in self.by_name.values():
            out.extend(connector.executed)
        return out
