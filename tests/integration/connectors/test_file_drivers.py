"""SQLite, DuckDB and the files driver: what each locks down, and how files become views."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from plotpress.adapters.connectors import build_connector
from plotpress.domain.workspace import (
    Connection,
    Driver,
    FileFormat,
    FilesOptions,
    PoolSettings,
    ViewDef,
)
from plotpress.ports.connector import (
    Connector,
    ConnectorConfigError,
    DataSourceError,
    QueryTimeout,
    Statement,
)
from tests.integration.connectors.engines import SALES_CSV, Engine, names, statement
from tests.integration.connectors.polling import eventually


def _files(root: Path, views: dict[str, ViewDef] | None = None, **options: object) -> Connector:
    connection = Connection(
        name="lake",
        driver=Driver.FILES,
        allowed_users=frozenset(),
        files=FilesOptions(path="lake", **options),  # type: ignore[arg-type]
    )
    return build_connector(connection, workspace_root=str(root), views=views or {})


def _views(conn: Connector) -> list[str]:
    sql = "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name"
    return [str(r[0]) for r in conn.execute(Statement(sql), timeout=5, max_rows=100).rows]


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    folder = tmp_path / "lake"
    (folder / "2024" / "q1").mkdir(parents=True)
    (folder / "sales.csv").write_text(SALES_CSV)
    (folder / "regions.tsv").write_text("code\tname\neu\tEurope\n")
    (folder / "events.ndjson").write_text('{"kind": "click"}\n{"kind": "view"}\n')
    (folder / "targets.json").write_text('[{"region": "eu", "target": 100}]')
    (folder / "notes.txt").write_text("not data")
    (folder / "2024" / "q1" / "sales-eu.csv").write_text("id\n7\n")
    (folder / "it's.csv").write_text("x\n1\n")
    return tmp_path


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "sql",
    [
        "ATTACH DATABASE '/tmp/pp_attached.db' AS other",
        "SELECT load_extension('/tmp/nothing.so')",
        "PRAGMA query_only = OFF",
        "PRAGMA journal_mode = DELETE",
    ],
)
def test_sqlite_refuses_attach_extensions_and_pragmas(engine: Engine, sql: str):
    conn = engine.connector()
    with pytest.raises(DataSourceError):
        conn.execute(Statement(sql), timeout=5, max_rows=1)
    assert not Path("/tmp/pp_attached.db").exists()


@pytest.mark.parametrize("engine", ["duckdb", "files"], indirect=True)
@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY (SELECT 1) TO '/tmp/pp_copied.csv'",
        "ATTACH '/tmp/pp_attached.duckdb' AS other",
        "INSTALL httpfs",
        "SET enable_external_access = true",
    ],
)
def test_duckdb_cannot_reach_files_or_extensions_beyond_its_own(engine: Engine, sql: str):
    conn = engine.connector()
    with pytest.raises(DataSourceError):
        conn.execute(Statement(sql), timeout=5, max_rows=1)
    assert not Path("/tmp/pp_copied.csv").exists()


def test_duckdb_in_memory_answers_queries():
    connection = Connection(name="mem", driver=Driver.DUCKDB, allowed_users=frozenset())
    conn = build_connector(connection, workspace_root="/")
    try:
        result = conn.execute(Statement("SELECT 40 + ? AS n", (2,)), timeout=5, max_rows=1)
        assert result.rows == ((42,),)
    finally:
        conn.close()


def test_every_data_file_becomes_a_view_named_by_its_basename(lake: Path):
    conn = _files(lake)
    assert _views(conn) == ["events", "it_s", "regions", "sales", "targets"]
    rows = conn.execute(Statement("SELECT name FROM regions"), timeout=5, max_rows=5).rows
    assert rows == (("Europe",),)
    kinds = conn.execute(Statement("SELECT kind FROM events ORDER BY kind"), timeout=5, max_rows=5)
    assert kinds.rows == (("click",), ("view",))
    assert names(conn.relation_columns("targets", 5)) == ("region", "target")
    conn.close()


def test_recursive_folders_join_sub_folders_with_double_underscores(lake: Path):
    conn = _files(lake, recursive=True)
    assert "_2024__q1__sales_eu" in _views(conn)
    conn.close()


def test_a_pattern_selects_the_files_and_a_forced_format_reads_them(lake: Path):
    (lake / "lake" / "extra.txt").write_text("a;b\n1;2\n")
    only_csv = _files(lake, pattern="s*.csv")
    assert _views(only_csv) == ["sales"]
    only_csv.close()
    forced = _files(lake, pattern="*.txt", format=FileFormat.CSV)
    assert _views(forced) == ["extra", "notes"]
    forced.close()


def test_two_files_with_the_same_view_name_are_a_configuration_error(lake: Path):
    (lake / "lake" / "sales.parquet").write_bytes(b"")
    with pytest.raises(ConnectorConfigError, match=r"sales\.csv.*sales\.parquet"):
        _files(lake)


def test_dashboard_views_are_created_over_the_file_views(lake: Path):
    views = {"eu": ViewDef("eu", "SELECT id FROM sales WHERE region LIKE 'eu-%'", "views/eu.sql")}
    conn = _files(lake, views)
    assert names(conn.relation_columns("eu", 5)) == ("id",)
    conn.close()


def test_a_dashboard_view_that_shadows_a_file_or_fails_names_its_source(lake: Path):
    shadow = {"sales": ViewDef("sales", "SELECT 1 AS x", "views/sales.sql")}
    with pytest.raises(ConnectorConfigError, match=r"views/sales\.sql.*sales\.csv"):
        _files(lake, shadow)
    broken = {"bad": ViewDef("bad", "SELECT nope FROM sales", "views/bad.sql")}
    with pytest.raises(ConnectorConfigError, match=r"views/bad\.sql.*nope"):
        _files(lake, broken)


def test_a_missing_folder_or_database_file_is_a_configuration_error(tmp_path: Path):
    with pytest.raises(ConnectorConfigError, match="folder does not exist"):
        _files(tmp_path)
    for driver in (Driver.SQLITE, Driver.DUCKDB):
        connection = Connection(
            name="gone", driver=driver, allowed_users=frozenset(), dsn="missing.db"
        )
        conn = build_connector(connection, workspace_root=str(tmp_path))
        with pytest.raises(ConnectorConfigError, match="does not exist"):
            conn.execute(Statement("SELECT 1"), timeout=5, max_rows=1)
        conn.close()


@pytest.mark.parametrize("driver", [Driver.CLICKHOUSE, Driver.MONGODB, Driver.S3])
def test_drivers_not_built_yet_say_so(driver: Driver):
    connection = Connection(name="later", driver=driver, allowed_users=frozenset(), dsn="x")
    with pytest.raises(ConnectorConfigError, match=f"'{driver.value}' is not supported yet"):
        build_connector(connection, workspace_root="/")


@pytest.mark.parametrize("engine", ["sqlite", "duckdb"], indirect=True)
def test_a_full_pool_makes_the_next_query_wait_then_time_out(engine: Engine):
    conn = engine.connector(pool=PoolSettings(max_open=1, max_idle=1))
    started = threading.Event()
    outcome: list[BaseException] = []

    def hold() -> None:
        started.set()
        try:
            conn.execute(statement(conn, engine.slow_sql), timeout=2.0, max_rows=1)
        except QueryTimeout as exc:
            outcome.append(exc)

    holder = threading.Thread(target=hold)
    holder.start()
    assert started.wait(5)
    assert eventually(lambda: len(conn._running) == 1)  # type: ignore[attr-defined]
    with pytest.raises(QueryTimeout, match="max_open = 1"):
        conn.execute(statement(conn, "SELECT 1"), timeout=0.3, max_rows=1)
    holder.join()
    assert len(outcome) == 1
    assert conn.execute(statement(conn, "SELECT 1"), timeout=5, max_rows=1).rows == ((1,),)


@pytest.mark.parametrize("engine", ["sqlite", "duckdb", "postgres", "mariadb"], indirect=True)
def test_cancel_all_stops_running_statements(engine: Engine):
    conn = engine.connector()
    failures: list[BaseException] = []

    def run() -> None:
        try:
            conn.execute(statement(conn, engine.slow_sql), timeout=30, max_rows=1)
        except QueryTimeout as exc:
            failures.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert eventually(lambda: len(conn._running) == 1)  # type: ignore[attr-defined]
    conn.cancel_all()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert len(failures) == 1
