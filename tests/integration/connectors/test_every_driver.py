"""Behaviour every SQL connector shares, run against each real engine."""

from __future__ import annotations

import time

import pytest

from plotpress.ports.connector import DataSourceError, QueryTimeout, UnknownRelation
from tests.integration.connectors.engines import (
    BIG,
    BOUND_VALUES,
    HOSTILE_COLUMN,
    HOSTILE_TABLE,
    SAFE,
    UNICODE,
    Engine,
    names,
    statement,
)


def test_a_view_without_parameters_returns_all_its_rows_with_typed_columns(engine: Engine):
    conn = engine.connector()
    sql = f"SELECT * FROM {conn.quote_identifier('sales_eu')} ORDER BY id"
    result = conn.execute(statement(conn, sql), timeout=5, max_rows=100)
    assert [c.name for c in result.columns] == ["id", "region", "amount", "day"]
    assert [r[0] for r in result.rows] == [1, 2, 4]
    assert result.rows[0][1:] == ("eu-west", 10.5, "2024-01-31")
    assert not result.truncated
    types = {c.name: c.type for c in result.columns}
    assert types["id"] == "integer"
    assert types["amount"] == "number"
    assert types["day"] == "date"


def test_a_view_with_bound_parameters_filters_by_them(engine: Engine):
    conn = engine.connector()
    sql = (
        f"SELECT id FROM {conn.quote_identifier('sales_eu')} "
        "WHERE region = ? AND amount > ? ORDER BY id"
    )
    result = conn.execute(statement(conn, sql, "eu-west", 20.0), timeout=5, max_rows=100)
    assert result.rows == ((4,),)


def test_every_parameter_type_is_bound_natively_and_matches_its_column(engine: Engine):
    conn = engine.connector()
    sql = (
        "SELECT count(*) AS hits FROM typed "
        "WHERE i = ? AND f = ? AND s = ? AND b = ? AND d = ? AND ts = ?"
    )
    result = conn.execute(statement(conn, sql, *BOUND_VALUES), timeout=5, max_rows=10)
    assert result.rows == ((1,),)


def test_a_value_that_looks_like_sql_is_bound_inert(engine: Engine):
    conn = engine.connector()
    payload = "eu-west' OR '1'='1"
    sql = "SELECT count(*) AS n FROM sales WHERE region = ?"
    assert conn.execute(statement(conn, sql, payload), timeout=5, max_rows=10).rows == ((0,),)


def test_nulls_dates_timestamps_decimals_large_integers_and_unicode_come_back_json_friendly(
    engine: Engine,
):
    conn = engine.connector()
    result = conn.execute(statement(conn, engine.values_sql), timeout=5, max_rows=10)
    cells = dict(zip([c.name for c in result.columns], result.rows[0], strict=True))
    types = {c.name: c.type for c in result.columns}
    assert cells == {
        "n": None,
        "d": "2024-02-29",
        "ts": engine.ts_cell,
        "big": str(BIG),  # beyond 2**53 - 1: exact, as decimal text
        "safe": SAFE,
        "num": 12.5,
        "u": UNICODE,
    }
    assert types["d"] == "date"
    assert types["ts"] == "timestamp"
    assert types["big"] == types["safe"] == "integer"
    assert types["num"] == "number"
    assert types["u"] == "string"


def test_max_rows_caps_the_result_and_says_it_was_truncated(engine: Engine):
    conn = engine.connector()
    sql = statement(conn, "SELECT id FROM sales ORDER BY id")
    capped = conn.execute(sql, timeout=5, max_rows=3)
    assert capped.rows == ((1,), (2,), (3,))
    assert capped.truncated
    exact = conn.execute(sql, timeout=5, max_rows=5)
    assert len(exact.rows) == 5
    assert not exact.truncated
    assert len(conn.execute(sql, timeout=5, max_rows=None).rows) == 5
    # The connection that was cut short does not spoil the next statement.
    assert conn.execute(sql, timeout=5, max_rows=1).rows == ((1,),)


def test_relation_columns_lists_the_real_columns_of_a_view(engine: Engine):
    conn = engine.connector()
    assert names(conn.relation_columns("sales_eu", 5)) == ("id", "region", "amount", "day")


def test_relation_columns_report_json_friendly_types_for_typing_parameters(engine: Engine):
    conn = engine.connector()
    types = {c.name: c.type for c in conn.relation_columns("sales_eu", 5)}
    assert types["id"] == "integer"
    assert types["region"] == "string"
    assert types["day"] == "date"
    assert types["amount"] in ("number", "integer")


def test_relation_columns_of_an_absent_relation_raises_unknown_relation(engine: Engine):
    conn = engine.connector()
    with pytest.raises(UnknownRelation, match="no_such_view"):
        conn.relation_columns("no_such_view", 5)


def test_hostile_identifiers_are_quoted_and_never_executed(engine: Engine):
    conn = engine.connector()
    assert names(conn.relation_columns(HOSTILE_TABLE, 5)) == (HOSTILE_COLUMN, "plain")
    column = conn.quote_identifier(HOSTILE_COLUMN)
    sql = f"SELECT {column} FROM {conn.quote_identifier(HOSTILE_TABLE)} WHERE {column} = ?"
    assert conn.execute(statement(conn, sql, 1), timeout=5, max_rows=10).rows == ()
    for name in ("sales; DROP TABLE sales; --", 'sales" --', "sales` --", "sales'"):
        with pytest.raises(UnknownRelation):
            conn.relation_columns(name, 5)
    count = conn.execute(statement(conn, "SELECT count(*) FROM sales"), timeout=5, max_rows=1)
    assert count.rows == ((5,),)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO sales VALUES (9, 'x', 1, '2024-01-01')",
        "CREATE TABLE intruder (x INTEGER)",
        "DROP VIEW sales_eu",
        "DELETE FROM sales",
    ],
)
def test_the_database_itself_refuses_writes_that_reach_the_connector(engine: Engine, sql: str):
    conn = engine.connector()
    with pytest.raises(DataSourceError):
        conn.execute(statement(conn, sql), timeout=5, max_rows=10)
    count = conn.execute(statement(conn, "SELECT count(*) FROM sales"), timeout=5, max_rows=1)
    assert count.rows == ((5,),)
    assert names(conn.relation_columns("sales_eu", 5)) == ("id", "region", "amount", "day")


def test_a_sql_error_keeps_the_databases_message_for_the_author(engine: Engine):
    conn = engine.connector()
    with pytest.raises(DataSourceError, match="no_such_column"):
        conn.execute(statement(conn, "SELECT no_such_column FROM sales"), timeout=5, max_rows=1)


def test_a_slow_query_is_cancelled_within_a_second_of_its_timeout(engine: Engine):
    conn = engine.connector()
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        conn.execute(statement(conn, engine.slow_sql), timeout=1.0, max_rows=10)
    assert time.monotonic() - started < 2.0
    # The pool stays usable: the next statement runs normally.
    count = conn.execute(statement(conn, "SELECT count(*) FROM sales"), timeout=5, max_rows=1)
    assert count.rows == ((5,),)
