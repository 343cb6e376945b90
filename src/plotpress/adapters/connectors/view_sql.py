"""The one statement a dashboard's ``views/<name>.sql`` may hold: a query.

The body becomes ``CREATE VIEW name AS <body>``, and DuckDB runs every statement of a
string it is given, so ``SELECT 1; COPY … TO '/tmp/x'`` would create the view and then
run the COPY. The body is parsed twice: by sqlglot (DuckDB dialect), which must see
exactly one SELECT, WITH … SELECT or set operation (UNION, INTERSECT, EXCEPT), and by
DuckDB itself, which must see the whole ``CREATE VIEW`` as exactly one statement, so a
quirk where the two parsers disagree cannot smuggle a second statement in.
"""

from __future__ import annotations

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from plotpress.adapters.connectors.duckdb import message
from plotpress.domain.workspace import ViewDef
from plotpress.ports.connector import ConnectorConfigError

_ONE_QUERY = "must be exactly one SELECT (or WITH … SELECT, UNION, INTERSECT, EXCEPT) statement"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_query(node: exp.Expr) -> bool:
    while isinstance(node, exp.Subquery):
        node = node.this
    if isinstance(node, exp.Select):
        return node.args.get("into") is None
    return isinstance(node, exp.SetOperation)


def create_view_statement(view: ViewDef) -> duckdb.Statement:
    """DuckDB's parse of ``CREATE VIEW "<name>" AS <body>``; raise ConnectorConfigError
    naming the view file unless the body is one query."""
    where = view.source or view.name
    try:
        parsed = sqlglot.parse(view.body, read="duckdb")
    except (ParseError, TokenError) as exc:
        errors = exc.errors if isinstance(exc, ParseError) else []
        detail = f" ({errors[0]['description']}, line {errors[0]['line']})" if errors else ""
        raise ConnectorConfigError(f"{where}: the view's SQL cannot be parsed{detail}") from None
    # A trailing ';' (and a comment after it) parse as empty statements.
    statements = [
        node for node in parsed if node is not None and not isinstance(node, exp.Semicolon)
    ]
    if len(statements) != 1 or not _is_query(statements[0]):
        raise ConnectorConfigError(f"{where}: {_ONE_QUERY}")
    try:
        # The name is quoted here; the body was just checked to be one query.
        found = duckdb.extract_statements(f"CREATE VIEW {_quote(view.name)} AS {view.body}")
    except duckdb.Error as exc:
        raise ConnectorConfigError(f"{where}: {message(exc)}") from None
    if len(found) != 1 or found[0].type is not duckdb.StatementType.CREATE:
        raise ConnectorConfigError(f"{where}: {_ONE_QUERY}")
    return found[0]
