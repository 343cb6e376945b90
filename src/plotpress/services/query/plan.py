"""Turning a view or query-file request into one bound statement.

Views: ``SELECT * FROM <view> WHERE <col> = <placeholder> AND ... [LIMIT n]`` — every
parameter name must be a real column of the view (read from the data source), every
identifier is quoted by the connector, every value is bound. ``limit`` is reserved and
becomes LIMIT, capped by the connection's ``max_rows``.

Query files: ``:name`` is rewritten to the driver's placeholder; values are parsed by the
declared ``@param`` types, defaults applied, undeclared names rejected.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from plotpress.domain.params import (
    PARAM_NAME,
    ParamDecl,
    ParamError,
    ParamKind,
    ParamType,
    ParamValue,
    parse_params,
)
from plotpress.domain.sqltext import SqlDialect, SqlTextError, Style, rewrite
from plotpress.domain.workspace import Connection, Driver, QueryFile
from plotpress.ports.connector import Column, Connector, Placeholder, Statement
from plotpress.services.query.errors import InvalidRequest

LIMIT_PARAM = "limit"
_LIMIT_TYPE = ParamType(ParamKind.INT)

# How a column type reported by a connector types the value compared with it.
_COLUMN_PARAM_TYPES = {
    "integer": ParamType(ParamKind.INT),
    "number": ParamType(ParamKind.FLOAT),
    "boolean": ParamType(ParamKind.BOOL),
    "date": ParamType(ParamKind.DATE),
    "timestamp": ParamType(ParamKind.TIMESTAMP),
}
_STRING = ParamType(ParamKind.STRING)

_SQL_DIALECTS = {
    Driver.POSTGRES: SqlDialect.POSTGRES,
    Driver.MYSQL: SqlDialect.MYSQL,
    Driver.MARIADB: SqlDialect.MYSQL,
}


@attrs.frozen
class Plan:
    statement: Statement
    values: Mapping[str, ParamValue]  # validated, by name (what the audit row records)
    max_rows: int | None
    source_sql: str  # the SQL as the author wrote it (query files), for the read-only check


def _style(connector: Connector) -> Style:
    return Style.FORMAT if connector.placeholder is Placeholder.FORMAT else Style.QMARK


def _invalid(name: str, reason: str) -> InvalidRequest:
    return InvalidRequest(f"parameter '{name}': {reason}", param=name)


def _parse_limit(raw: Mapping[str, object], connection: Connection) -> int | None:
    if LIMIT_PARAM not in raw or raw[LIMIT_PARAM] is None:
        return connection.max_rows
    try:
        limit = _LIMIT_TYPE.parse(raw[LIMIT_PARAM])
    except ParamError as exc:
        raise _invalid(LIMIT_PARAM, exc.reason) from None
    assert isinstance(limit, int)
    if limit < 0:
        raise _invalid(LIMIT_PARAM, "must not be negative")
    return limit if connection.max_rows is None else min(limit, connection.max_rows)


def plan_view(
    view: str,
    columns: tuple[Column, ...],
    raw: Mapping[str, object],
    connection: Connection,
    connector: Connector,
) -> Plan:
    """A bound ``SELECT * FROM view WHERE ...`` for the given raw parameter values."""
    by_name = {column.name: column for column in columns}
    values: dict[str, ParamValue] = {}
    for name in sorted(raw):
        if name == LIMIT_PARAM:
            continue
        if not PARAM_NAME.fullmatch(name) or name not in by_name:
            raise _invalid(name[:64], f"is not a column of view '{view}'")
        if raw[name] is None:
            raise _invalid(name, "a value is required (null cannot be compared with =)")
        ptype = _COLUMN_PARAM_TYPES.get(by_name[name].type, _STRING)
        try:
            values[name] = ptype.parse(raw[name])
        except ParamError as exc:
            raise _invalid(name, exc.reason) from None
    limit = _parse_limit(raw, connection)
    quote = connector.quote_identifier
    placeholder = _style(connector).value
    # Identifiers are checked against the view's real columns and quoted; values are bound.
    sql = f"SELECT * FROM {quote(view)}"  # noqa: S608
    if values:
        sql += " WHERE " + " AND ".join(f"{quote(name)} = {placeholder}" for name in values)
    bound: list[ParamValue] = list(values.values())
    if limit is not None and LIMIT_PARAM in raw:
        sql += f" LIMIT {placeholder}"
        bound.append(limit)
        values[LIMIT_PARAM] = limit
    return Plan(Statement(sql, tuple(bound)), values, limit, sql)


def plan_query(
    query: QueryFile,
    raw: Mapping[str, object],
    connection: Connection,
    connector: Connector,
) -> Plan:
    """The query file's SQL with ``:name`` rewritten and values parsed by declared types."""
    decls: dict[str, ParamDecl] = dict(query.params)
    limit_raw = {k: v for k, v in raw.items() if k == LIMIT_PARAM and LIMIT_PARAM not in decls}
    declared_raw = {k: v for k, v in raw.items() if k not in limit_raw}
    try:
        values = parse_params(decls, declared_raw)
    except ParamError as exc:
        name = (exc.name or "?")[:64]
        raise _invalid(name, exc.reason) from None
    try:
        rewritten = rewrite(
            query.body, _style(connector), _SQL_DIALECTS.get(connection.driver, SqlDialect.GENERIC)
        )
    except SqlTextError as exc:
        raise InvalidRequest(f"query '{query.name}' cannot be prepared: {exc}") from None
    missing = [name for name in rewritten.names if name not in values]
    if missing:
        raise InvalidRequest(
            f"query '{query.name}' uses :{missing[0]} but does not declare it with -- @param"
        )
    limit = _parse_limit(limit_raw, connection)
    statement = Statement(rewritten.sql, tuple(values[name] for name in rewritten.names))
    return Plan(statement, values, limit, query.body)
