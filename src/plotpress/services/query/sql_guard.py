"""The read-only check: a single SELECT (or WITH ... SELECT, or a set operation of them).

Parsed with sqlglot in the connection's dialect before anything reaches the database;
the database session is read-only as well (defence in depth), so this check only has to
be conservative: anything it cannot prove to be a plain query is refused.
"""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from plotpress.domain.workspace import Driver

DIALECTS = {
    Driver.SQLITE: "sqlite",
    Driver.DUCKDB: "duckdb",
    Driver.FILES: "duckdb",
    Driver.POSTGRES: "postgres",
    Driver.MYSQL: "mysql",
    Driver.MARIADB: "mysql",
    Driver.CLICKHOUSE: "clickhouse",
}

_QUERY_ROOTS = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Subquery)
_WRITES = (
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Command,
    exp.Into,
    exp.Lock,
    exp.Pragma,
    exp.Copy,
    exp.Set,
    exp.Use,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.LoadData,
    exp.Grant,
    exp.TruncateTable,
)


class NotReadOnly(ValueError):
    """The statement is not a single read-only query; the message says what was found."""


def check_read_only(sql: str, driver: Driver) -> None:
    """Raise NotReadOnly unless ``sql`` is exactly one read-only query in ``driver``'s dialect."""
    dialect = DIALECTS.get(driver)
    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except SqlglotError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NotReadOnly(f"the statement does not parse as {dialect} SQL: {first}") from None
    if len(statements) != 1:
        raise NotReadOnly(f"expected exactly one statement, found {len(statements)}")
    statement = statements[0]
    if not isinstance(statement, _QUERY_ROOTS):
        raise NotReadOnly(f"only SELECT queries may run, found {_describe(statement)}")
    for node in statement.walk():
        if isinstance(node, _WRITES):
            raise NotReadOnly(f"only SELECT queries may run, found {_describe(node)} inside")
        if isinstance(node, exp.Select) and node.args.get("locks"):
            raise NotReadOnly("SELECT ... FOR UPDATE/SHARE takes locks and is refused")


def _describe(node: Any) -> str:
    if isinstance(node, exp.Command):
        return str(node.this).upper()
    return str(node.key).upper()
