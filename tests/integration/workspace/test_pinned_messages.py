"""The exact text of each workspace mistake: file, line, key path and message."""

from __future__ import annotations

import time

from tests.integration.workspace.conftest import WorkspaceDir


def test_a_valid_workspace_loads(ws: WorkspaceDir) -> None:
    workspace = ws.load()

    assert list(workspace.dashboards) == ["sales"]


def test_unknown_role_is_reported_with_file_line_and_key(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        # the order warehouse
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users:
            - viewers
            - analyst
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:7: warehouse.allowed_users: "
        "role 'analyst' is not defined in dashboards/sales/users.yaml"
    ]


def test_unknown_driver_names_the_known_ones(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: oracle
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers]
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:2: warehouse.driver: unknown driver 'oracle'; "
        "expected one of sqlite, duckdb, files, postgres, mysql, mariadb, clickhouse, "
        "mongodb, s3"
    ]


def test_a_misspelt_key_is_unknown_and_a_close_match_is_suggested(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers]
          alowed_users: [analysts]
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:5: warehouse.alowed_users: "
        "unknown key (did you mean 'allowed_users'?)"
    ]


def test_an_unknown_key_without_a_close_match_lists_the_known_keys(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/dashboard.yaml", "title: Sales\nconnection: warehouse\ncolor: red\n")

    assert ws.messages() == [
        "dashboards/sales/dashboard.yaml:3: color: unknown key "
        "(expected one of: connection, description, pages, title, views)"
    ]


def test_a_missing_variable_is_named_without_any_value(ws: WorkspaceDir) -> None:
    ws.environ = {"OTHER": "postgresql://u:p@h/db"}

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:3: warehouse.dsn: "
        "environment variable 'WAREHOUSE_DSN' is not set"
    ]


def test_a_block_with_both_view_and_query_is_reported_at_its_fence(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/index.md",
        """\
        # Sales

        Intro.

        ```plot view=monthly_revenue query=top
        Plot.barY(data, {x: "month", y: "revenue"})
        ```
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/index.md:5: a plot block takes exactly one of view= or query=, not both"
    ]


def test_a_block_with_neither_view_nor_query_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", "```plot height=200\nPlot.dot(data)\n```\n")

    assert ws.messages() == [
        "dashboards/sales/index.md:1: a plot block needs view=NAME or query=NAME"
    ]


def test_a_block_naming_an_unknown_connection_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", "```plot view=sales connection=wh\nPlot.dot(data)\n```\n")

    assert ws.messages() == [
        "dashboards/sales/index.md:1: connection: "
        "connection 'wh' is not defined in dashboards/sales/connections.yaml"
    ]


def test_a_block_naming_an_unknown_query_file_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", "# S\n\n```plot query=bottom\nPlot.dot(data)\n```\n")

    assert ws.messages() == [
        "dashboards/sales/index.md:3: query: "
        "query file 'bottom' does not exist (no dashboards/sales/queries/bottom.sql)"
    ]


def test_a_bad_param_type_is_reported_on_its_header_line(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/queries/top.sql",
        """\
        -- Top customers
        -- @param region enum(EU,NA) default EU
        -- @param top_n integer default 10
        SELECT customer FROM orders WHERE region = :region
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/queries/top.sql:3: params.top_n: unknown type 'integer'; "
        "expected one of int, float, string, date, timestamp, bool, enum(a,b,...)"
    ]


def test_a_param_default_that_does_not_parse_by_its_type_is_reported(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/queries/top.sql",
        "-- @param since date default 2026-02-30\nSELECT 1 WHERE d >= :since\n",
    )

    assert ws.messages() == [
        "dashboards/sales/queries/top.sql:1: params.since: bad default: "
        "not a calendar date: '2026-02-30' (day is out of range for month)"
    ]


def test_an_undeclared_placeholder_in_the_sql_is_reported_on_its_line(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/queries/top.sql",
        """\
        -- @param region string default EU
        SELECT customer::text, ':nope' AS "x:y" -- :not_this
        FROM orders /* :nor_this */
        WHERE region = :region AND year = :year
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/queries/top.sql:4: "
        "the SQL uses :year but no '-- @param year ...' declares it"
    ]


def test_an_unsafe_page_file_name_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/Bad Name.md", "# Bad\n")

    assert ws.messages() == [
        "dashboards/sales/Bad Name.md: page name 'Bad Name' is not allowed: "
        "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
    ]


def test_a_path_traversal_in_the_page_list_is_reported(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/dashboard.yaml", "title: Sales\nconnection: warehouse\npages: [../x]\n"
    )

    assert ws.messages() == [
        "dashboards/sales/dashboard.yaml:3: pages: page name '../x' is not allowed: "
        "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
    ]


def test_an_unsafe_dashboard_folder_name_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/Sales.2/dashboard.yaml", "title: x\n")

    assert ws.messages() == [
        "dashboards/Sales.2: dashboard folder name 'Sales.2' is not allowed: "
        "use lowercase letters, digits, '-' and '_', starting with a letter or digit"
    ]


def test_a_yaml_syntax_error_is_reported_with_its_line(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/users.yaml",
        """\
        viewers:
          members: [demo@example.com]
          description: a: b
        """,
    )

    messages = ws.messages()

    assert messages[0] == (
        "dashboards/sales/users.yaml:3: "
        "invalid YAML: mapping values are not allowed in this context"
    )


def test_an_alias_bomb_fails_fast_with_an_error(ws: WorkspaceDir) -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    ws.write("dashboards/sales/users.yaml", "\n".join(levels) + "\n")

    started = time.perf_counter()
    messages = ws.messages()
    elapsed = time.perf_counter() - started

    assert elapsed < 1.0
    assert messages[0] == (
        "dashboards/sales/users.yaml:1: "
        "YAML document expands to more than 100000 nodes (alias bomb?)"
    )


def test_a_list_where_a_mapping_is_expected_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/connections.yaml", "- warehouse\n- lake\n")

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:1: "
        "expected a mapping of connection name to settings, got a list"
    ]


def test_a_missing_title_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/dashboard.yaml", "# Sales\n\nconnection: warehouse\n")

    assert ws.messages() == ["dashboards/sales/dashboard.yaml:3: title: required key is missing"]


def test_missing_allowed_users_is_reported_at_the_connection(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        "warehouse:\n  driver: postgres\n  dsn: ${WAREHOUSE_DSN}\n",
    )

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:1: warehouse.allowed_users: required key is missing"
    ]


def test_a_bad_duration_is_reported(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        """\
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers]
          timeout: 30 seconds
        """,
    )

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:5: warehouse.timeout: "
        "expected a duration like '30s', '10m', '1h' or '1h30m', got '30 seconds'"
    ]


def test_a_block_without_connection_needs_a_default_in_dashboard_yaml(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/dashboard.yaml", "title: Sales\n")

    assert ws.messages() == [
        "dashboards/sales/index.md:3: connection: "
        "the block names no connection and dashboard.yaml sets no default 'connection'"
    ]


def test_a_missing_dashboard_yaml_is_reported(ws: WorkspaceDir) -> None:
    ws.remove("dashboards/sales/dashboard.yaml")

    assert ws.messages()[0] == (
        "dashboards/sales/dashboard.yaml: file is missing (every dashboard needs one, with a title)"
    )


def test_a_listed_page_that_does_not_exist_is_reported(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/dashboard.yaml",
        "title: Sales\nconnection: warehouse\npages:\n  - index\n  - revnue\n",
    )

    assert ws.messages() == [
        "dashboards/sales/dashboard.yaml:5: pages: "
        "page 'revnue' does not exist (no dashboards/sales/revnue.md)"
    ]


def test_a_string_where_a_list_is_expected_is_not_split_into_letters(ws: WorkspaceDir) -> None:
    ws.write(
        "dashboards/sales/connections.yaml",
        "warehouse:\n  driver: postgres\n  dsn: ${WAREHOUSE_DSN}\n  allowed_users: viewers\n",
    )

    assert ws.messages() == [
        "dashboards/sales/connections.yaml:4: warehouse.allowed_users: "
        "expected a list, got a string"
    ]


def test_a_duplicate_key_is_reported(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/dashboard.yaml", "title: Sales\nconnection: warehouse\ntitle: S\n")

    assert ws.messages() == ["dashboards/sales/dashboard.yaml:3: duplicate key 'title'"]


def test_a_file_over_the_size_limit_is_refused(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/big.md", "# Big\n" + "x" * (1024 * 1024))

    assert ws.messages() == ["dashboards/sales/big.md: file is larger than 1 MiB"]


def test_an_unknown_block_attribute_is_reported_with_the_known_ones(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", "```plot view=v colour=red\nPlot.dot(data)\n```\n")

    assert ws.messages() == [
        "dashboards/sales/index.md:1: colour: unknown attribute "
        "(expected view, query, connection, params.NAME, height, class or title)"
    ]


def test_block_defaults_for_a_query_are_checked_against_its_declared_params(
    ws: WorkspaceDir,
) -> None:
    ws.write(
        "dashboards/sales/index.md",
        "```plot query=top params.top_n=many params.year=2026\nPlot.dot(data)\n```\n",
    )

    assert ws.messages() == [
        "dashboards/sales/index.md:1: params.top_n: expected an integer, got 'many'",
        "dashboards/sales/index.md:1: params.year: query 'top' declares no parameter 'year'",
    ]


def test_a_front_matter_with_an_unknown_key_is_reported_on_its_line(ws: WorkspaceDir) -> None:
    ws.write("dashboards/sales/index.md", "---\ntitle: Sales\nauthor: me\n---\n# Sales\n")

    assert ws.messages() == [
        "dashboards/sales/index.md:3: author: unknown key (expected one of: title)"
    ]
