"""No data source may open PlotPress's own metadata database, however its path is spelt."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from plotpress.adapters.connector_registry import ConnectorRegistry
from plotpress.adapters.connectors import build_connector
from plotpress.domain.workspace import (
    Connection,
    Dashboard,
    Driver,
    FileFormat,
    FilesOptions,
)
from plotpress.ports.connector import ConnectorConfigError, Statement

REFUSAL = "the path points at PlotPress's own metadata database, which no data source may read"


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """(workspace root, metadata database) side by side, the store holding a secret."""
    state = tmp_path / "state"
    state.mkdir()
    metadata = state / "plotpress.db"
    with sqlite3.connect(metadata) as conn:
        conn.execute("CREATE TABLE settings (name TEXT, value TEXT)")
        conn.execute("INSERT INTO settings VALUES ('secret_key', 'k3y')")
    conn.close()
    (metadata.parent / "plotpress.db-wal").write_bytes(b"")
    workspace = tmp_path / "workspace"
    (workspace / "data").mkdir(parents=True)
    return workspace, metadata


def _connection(driver: Driver, dsn: str) -> Connection:
    return Connection(name="stolen", driver=driver, allowed_users=frozenset(), dsn=dsn)


@pytest.mark.parametrize("driver", [Driver.SQLITE, Driver.DUCKDB])
@pytest.mark.parametrize(
    "dsn",
    [
        "{metadata}",
        "sqlite:///{metadata}",
        "../state/plotpress.db",
        "data/../../state/./plotpress.db",
        "data/link.db",
        "data/hard.db",
        "{metadata}-wal",
        "{metadata}-shm",
        "{metadata}-journal",
    ],
)
def test_a_database_dsn_reaching_the_metadata_store_is_refused(
    layout: tuple[Path, Path], driver: Driver, dsn: str
) -> None:
    workspace, metadata = layout
    (workspace / "data" / "link.db").symlink_to(metadata)
    os.link(metadata, workspace / "data" / "hard.db")
    written = dsn.format(metadata=metadata).replace("sqlite:", f"{driver.value}:")

    with pytest.raises(ConnectorConfigError) as caught:
        build_connector(
            _connection(driver, written),
            workspace_root=str(workspace),
            forbidden_paths=[str(metadata)],
        )

    assert str(caught.value) == f"connection 'stolen': {REFUSAL}"


def test_a_symlink_pointed_at_the_store_after_the_build_is_refused_at_open(
    layout: tuple[Path, Path],
) -> None:
    workspace, metadata = layout
    harmless = workspace / "data" / "harmless.db"
    sqlite3.connect(harmless).close()
    link = workspace / "data" / "shop.db"
    link.symlink_to(harmless)
    conn = build_connector(
        _connection(Driver.SQLITE, "data/shop.db"),
        workspace_root=str(workspace),
        forbidden_paths=[str(metadata)],
    )
    link.unlink()
    link.symlink_to(metadata)

    with pytest.raises(ConnectorConfigError, match="own metadata database"):
        conn.execute(Statement("SELECT value FROM settings"), timeout=5, max_rows=1)
    conn.close()


def test_a_files_folder_holding_a_link_to_the_store_is_refused(layout: tuple[Path, Path]) -> None:
    workspace, metadata = layout
    (workspace / "data" / "sales.csv").write_text("id\n1\n")
    (workspace / "data" / "meta.csv").symlink_to(metadata)
    connection = Connection(
        name="lake",
        driver=Driver.FILES,
        allowed_users=frozenset(),
        files=FilesOptions(path="data", format=FileFormat.CSV, pattern="*"),
    )

    with pytest.raises(ConnectorConfigError) as caught:
        build_connector(connection, workspace_root=str(workspace), forbidden_paths=[str(metadata)])

    assert str(caught.value) == f"connection 'lake': 'meta.csv': {REFUSAL}"


def test_other_database_files_still_open(layout: tuple[Path, Path]) -> None:
    workspace, metadata = layout
    with sqlite3.connect(workspace / "data" / "shop.db") as setup:
        setup.execute("CREATE TABLE t AS SELECT 1 AS one")
    setup.close()
    conn = build_connector(
        _connection(Driver.SQLITE, "data/shop.db"),
        workspace_root=str(workspace),
        forbidden_paths=[str(metadata)],
    )

    result = conn.execute(Statement("SELECT one FROM t"), timeout=5, max_rows=1)
    conn.close()

    assert result.rows == ((1,),)


def test_the_registry_hands_the_forbidden_paths_to_every_build(layout: tuple[Path, Path]) -> None:
    workspace, metadata = layout
    registry = ConnectorRegistry(workspace, build_connector, forbidden_paths=[str(metadata)])
    connection = _connection(Driver.SQLITE, str(metadata))
    dashboard = Dashboard(
        slug="sales", title="Sales", pages=(), connections={"stolen": connection}, roles={}
    )

    with pytest.raises(ConnectorConfigError, match="own metadata database"):
        registry.get(dashboard, connection)
    registry.close()
