"""A dashboard's views/*.sql can define a view over the data files and nothing else:
one query, no other file, no database, no extension, not even while the views are built."""

from __future__ import annotations

from pathlib import Path

import pytest

from plotpress.adapters.connectors import build_connector
from plotpress.domain.workspace import Connection, Driver, FilesOptions, ViewDef
from plotpress.ports.connector import Connector, ConnectorConfigError, Statement

SOURCE = "dashboards/sales/views/evil.sql"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "sales.csv").write_text("id,region\n1,eu\n2,us\n")
    (tmp_path / "outside.csv").write_text("secret\n42\n")
    return tmp_path


def _files(root: Path, body: str) -> Connector:
    connection = Connection(
        name="lake",
        driver=Driver.FILES,
        allowed_users=frozenset(),
        files=FilesOptions(path="lake"),
    )
    views = {"evil": ViewDef("evil", body, SOURCE)}
    return build_connector(connection, workspace_root=str(root), views=views)


def _refused(root: Path, body: str) -> str:
    with pytest.raises(ConnectorConfigError) as caught:
        _files(root, body)
    return str(caught.value)


def test_a_second_statement_after_the_query_is_refused_and_writes_nothing(root: Path) -> None:
    target = root / "x.csv"
    body = f"SELECT 1 AS one; COPY (SELECT * FROM read_text('/etc/hostname')) TO '{target}'"

    message = _refused(root, body)

    assert message == (
        f"connection 'lake': {SOURCE}: must be exactly one SELECT "
        "(or WITH … SELECT, UNION, INTERSECT, EXCEPT) statement"
    )
    assert not target.exists()


@pytest.mark.parametrize(
    "body",
    [
        "COPY (SELECT * FROM sales) TO '{root}/copied.csv'",
        "ATTACH '{root}/attached.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "CREATE TABLE made AS SELECT 1",
        "SELECT 1 INTO made",
        "DESCRIBE sales",
        "PRAGMA version",
        "SET enable_external_access = true",
    ],
)
def test_a_view_body_that_is_not_a_query_is_refused_naming_its_file(root: Path, body: str) -> None:
    message = _refused(root, body.format(root=root))

    assert message.startswith(f"connection 'lake': {SOURCE}: ")
    assert sorted(p.name for p in root.iterdir()) == ["lake", "outside.csv"]


@pytest.mark.parametrize(
    "body",
    [
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_csv('{root}/outside.csv')",
        "SELECT * FROM glob('/etc/*')",
        "WITH t AS (SELECT * FROM read_text('/etc/hostname')) SELECT * FROM t",
        "SELECT id FROM sales UNION ALL SELECT 1 FROM read_csv('{root}/outside.csv')",
    ],
)
def test_a_query_reading_any_file_but_the_data_files_fails_while_the_views_are_built(
    root: Path, body: str
) -> None:
    message = _refused(root, body.format(root=root))

    assert message.startswith(f"connection 'lake': {SOURCE}: Permission Error")
    assert "disabled by configuration" in message


@pytest.mark.parametrize(
    "body",
    [
        "SELECT id FROM sales WHERE region = 'eu';",
        "SELECT id FROM sales WHERE region = 'eu'; -- the European rows",
        "WITH eu AS (SELECT id FROM sales WHERE region = 'eu') SELECT id FROM eu",
        "SELECT id FROM sales WHERE region = 'eu' UNION SELECT id FROM sales WHERE id = 1",
        "(SELECT id FROM sales WHERE region = 'eu')",
        "SELECT id FROM sales WHERE region || ';' = 'eu;' AND $$;$$ = ';'",
    ],
)
def test_one_query_per_view_file_is_accepted(root: Path, body: str) -> None:
    conn = _files(root, body)
    try:
        rows = conn.execute(Statement("SELECT id FROM evil"), timeout=5, max_rows=5).rows
    finally:
        conn.close()

    assert rows == ((1,),)


def test_sql_that_cannot_be_parsed_is_refused_with_the_reason(root: Path) -> None:
    message = _refused(root, "SELECT (id FROM sales")

    assert message.startswith(f"connection 'lake': {SOURCE}: the view's SQL cannot be parsed (")
