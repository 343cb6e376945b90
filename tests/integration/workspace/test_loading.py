"""What a loaded workspace holds, and how problems are collected and kept secret-free."""

from __future__ import annotations

import pytest

from plotpress.domain.params import ParamKind
from plotpress.domain.workspace import Driver, FileFormat, TargetKind
from plotpress.ports.workspace_source import WorkspaceInvalid
from tests.integration.workspace.conftest import SECRET_DSN, WorkspaceDir


def test_every_problem_of_every_file_is_reported_in_file_order(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/dashboard.yaml", "connection: warehouse\n")
    ws.write("dashboards/sales/index.md", "```plot view=a query=b\nx\n```\n")
    ws.write("dashboards/ops/dashboard.yaml", "title: Ops\nconnection: db\n")
    ws.write("dashboards/ops/connections.yaml", "db: {driver: nosql, allowed_users: [x]}\n")

    assert ws.messages() == [
        "dashboards/ops/connections.yaml:1: db.allowed_users: "
        "role 'x' is not defined in dashboards/ops/users.yaml",
        "dashboards/ops/connections.yaml:1: db.driver: unknown driver 'nosql'; expected one of "
        "sqlite, duckdb, files, postgres, mysql, mariadb, clickhouse, mongodb, s3",
        "dashboards/sales/dashboard.yaml:1: title: required key is missing",
        "dashboards/sales/index.md:1: a plot block takes exactly one of view= or query=, not both",
    ]


def test_the_dsn_is_expanded_but_never_shown(ws: WorkspaceDir) -> None:
    workspace = ws.load()

    connection = workspace.dashboards["sales"].connections["warehouse"]
    assert connection.dsn == SECRET_DSN
    assert SECRET_DSN not in repr(connection)
    assert "s3cret" not in repr(workspace)


def test_no_problem_message_contains_an_expanded_dsn(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [nobody]
          timeout: forever
          max_rows: lots
          pool: {max_open: 0}
        lake:
          driver: files
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers]
        bad:
          driver: sqlite
          dsn: ["${WAREHOUSE_DSN}"]
          allowed_users: [viewers]
        """,
    )

    with pytest.raises(WorkspaceInvalid) as caught:
        ws.load()

    text = "\n".join(str(p) for p in caught.value.problems) + repr(caught.value.problems)
    assert len(caught.value.problems) >= 5
    assert "s3cret" not in text
    assert "db.internal" not in text


def test_connections_keep_their_settings_and_documented_defaults(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers]
          timeout: 1m30s
          read_only: false
          max_rows: 500
          pool: {max_open: 3, max_idle: 1, max_lifetime: 10m}
        lake:
          driver: files
          path: data/lake
          format: parquet
          recursive: true
          pattern: "*.parquet"
          allowed_users: []
        """,
    )

    connections = ws.load().dashboards["sales"].connections

    warehouse, lake = connections["warehouse"], connections["lake"]
    assert (warehouse.driver, warehouse.timeout, warehouse.read_only) == (
        Driver.POSTGRES,
        90,
        False,
    )
    assert (warehouse.max_rows, warehouse.pool.max_open, warehouse.pool.max_lifetime) == (
        500,
        3,
        600,
    )
    assert lake.files is not None
    assert (lake.files.path, lake.files.format, lake.files.recursive) == (
        "data/lake",
        FileFormat.PARQUET,
        True,
    )
    assert (lake.allowed_users, lake.dsn, lake.timeout, lake.max_rows) == (
        frozenset(),
        None,
        30.0,
        100_000,
    )


def test_roles_lower_case_members_and_keep_claim_matches(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/users.yaml",
        """\
        viewers:
          description: Everyone
          members: [Demo@Example.COM]
        analysts:
          from_claim: groups
          match: [data, "*"]
        """,
    )

    roles = ws.load().dashboards["sales"].roles

    assert roles["viewers"].members == frozenset({"demo@example.com"})
    assert (roles["analysts"].from_claim, roles["analysts"].match) == (
        "groups",
        frozenset({"data", "*"}),
    )


def test_pages_default_to_index_first_then_alphabetical(ws: WorkspaceDir) -> None:
    for name in ("zeta", "alpha"):
        ws.write(f"dashboards/sales/{name}.md", f"Page {name}\n")

    pages = ws.load().dashboards["sales"].pages

    assert [p.name for p in pages] == ["index", "alpha", "zeta"]


def test_listed_pages_come_first_in_their_order(ws: WorkspaceDir) -> None:
    for name in ("zeta", "alpha"):
        ws.write(f"dashboards/sales/{name}.md", f"Page {name}\n")
    ws.write(
        "dashboards/sales/dashboard.yaml", "title: S\nconnection: warehouse\npages: [zeta, index]\n"
    )

    pages = ws.load().dashboards["sales"].pages

    assert [p.name for p in pages] == ["zeta", "index", "alpha"]


def test_a_page_title_comes_from_front_matter_then_heading_then_name(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", "---\ntitle: From front matter\n---\n# Heading\n")
    ws.write("dashboards/sales/heading.md", "Intro\n\n# The *first* `h1`\n\n# Second\n")
    ws.write("dashboards/sales/plain.md", "No heading here.\n")

    dashboard = ws.load().dashboards["sales"]

    titles = {p.name: p.title for p in dashboard.pages}
    assert titles == {"index": "From front matter", "heading": "The first h1", "plain": "plain"}


def test_front_matter_is_blanked_out_of_the_markdown_keeping_line_numbers(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/index.md",
        "---\ntitle: T\n---\n\n"
        '```plot view=v height=240 class=wide title="A b"\nPlot.dot(data)\n```\n',
    )

    page = ws.load().dashboards["sales"].pages[0]

    assert page.markdown.split("\n")[:4] == ["", "", "", ""]
    block = page.blocks[0]
    assert (block.line, block.height, block.css_class, block.title) == (5, 240, "wide", "A b")
    assert page.markdown.split("\n")[4].startswith("```plot view=v")


def test_blocks_carry_their_target_params_and_code(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/index.md",
        """\
        # Sales

        > ```plot query=top params.region=NA connection=warehouse
        > Plot.barY(data, {x: "customer", y: "revenue"})
        > ```

        ```plot view=monthly_revenue params.year=2026
        inputs({ year: { type: "select", options: [2025, 2026] } })
        Plot.lineY(data, {x: "month", y: "revenue"})
        ```
        """,
    )

    blocks = ws.load().dashboards["sales"].pages[0].blocks

    assert [(b.index, b.kind, b.name, b.line) for b in blocks] == [
        (0, TargetKind.QUERY, "top", 3),
        (1, TargetKind.VIEW, "monthly_revenue", 7),
    ]
    assert dict(blocks[0].params) == {"region": "NA"}
    assert blocks[0].code == 'Plot.barY(data, {x: "customer", y: "revenue"})\n'
    assert blocks[1].code.startswith("inputs({ year:")


def test_query_files_declare_typed_params_and_private_ones_are_skipped(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/queries/by_day.sql",
        """\
        -- Revenue by day.
        -- @param since date default 2026-01-01
        -- @param at timestamp default 2026-01-31T12:00:00Z
        -- @param ratio float default 0.5
        -- @param label string default 'two words'
        -- @param flag bool default true
        -- @param kind enum(a, b) default b
        -- @param needed int
        SELECT :since, :at, :ratio, :label, :flag, :kind, :needed, x::date, $$ :no $$
        """,
    )
    ws.write("dashboards/sales/queries/_scratch.sql", "SELECT :whatever\n")

    dashboard = ws.load().dashboards["sales"]

    assert sorted(dashboard.queries) == ["by_day", "top"]
    params = dashboard.queries["by_day"].params
    assert {name: d.type.kind for name, d in params.items()} == {
        "since": ParamKind.DATE,
        "at": ParamKind.TIMESTAMP,
        "ratio": ParamKind.FLOAT,
        "label": ParamKind.STRING,
        "flag": ParamKind.BOOL,
        "kind": ParamKind.ENUM,
        "needed": ParamKind.INT,
    }
    assert (params["label"].default, params["kind"].default, params["needed"].default) == (
        "two words",
        "b",
        None,
    )
    assert dashboard.queries["by_day"].name == "by_day"
    assert dashboard.queries["by_day"].body.startswith("SELECT :since")


def test_views_folder_and_extra_views_are_loaded(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/views/monthly_revenue.sql", "SELECT 1 AS x\n")
    ws.write(
        "dashboards/sales/dashboard.yaml", "title: S\nconnection: warehouse\nviews: [regions]\n"
    )

    dashboard = ws.load().dashboards["sales"]

    assert dashboard.views["monthly_revenue"].body == "SELECT 1 AS x"
    assert dashboard.extra_views == ("regions",)


def test_the_version_is_stable_and_follows_the_content(ws: WorkspaceDir) -> None:
    first, again = ws.load().version, ws.load().version
    ws.write("dashboards/sales/index.md", "# Changed\n")
    changed = ws.load().version

    assert first == again
    assert len(first) == 12
    assert changed != first


def test_a_missing_dashboards_folder_is_reported(tmp_path: object) -> None:
    from plotpress.adapters.workspace import FilesystemWorkspace

    with pytest.raises(WorkspaceInvalid) as caught:
        FilesystemWorkspace(str(tmp_path), {}).load()

    assert [str(p) for p in caught.value.problems] == [
        "dashboards: folder is missing (expected dashboards/<slug>/dashboard.yaml)"
    ]
