"""The audit log: append-only rows, newest-first keyset pagination."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plotpress.adapters.sqlstore.codec import decode_cursor, dump_json, encode_cursor, load_params
from plotpress.adapters.sqlstore.dialect import Executor
from plotpress.domain.audit import AuditEvent, AuditFilter, Outcome
from plotpress.ports.store import AuditPage

_SELECT = (
    "SELECT id, at, actor, dashboard, page, kind, name, connection_name, params, duration_ms,"
    " row_count, cached, outcome, error, fallback, workspace_version FROM audit_log"
)
_INSERT = (
    "INSERT INTO audit_log (at, actor, dashboard, page, kind, name, connection_name, params,"
    " duration_ms, row_count, cached, outcome, error, fallback, workspace_version)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)


class SqlAuditLog:
    """AuditLog over one transaction."""

    def __init__(self, x: Executor) -> None:
        self._x = x

    def append(self, event: AuditEvent) -> int:
        row = self._x.one(
            _INSERT,
            (
                self._x.t(event.at),
                event.user,
                event.dashboard,
                event.page,
                event.kind,
                event.name,
                event.connection,
                dump_json(dict(event.params)),
                float(event.duration_ms),
                event.row_count,
                event.cached,
                event.outcome.value,
                event.error,
                event.fallback,
                event.workspace_version,
            ),
        )
        return int(row[0])

    def query(self, flt: AuditFilter, limit: int, cursor: str | None = None) -> AuditPage:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        where, params = self._where(flt)
        if cursor is not None:
            where.append("id < ?")
            params.append(decode_cursor(cursor, flt))
        sql = _SELECT
        if where:
            # Only fixed "<column> <op> ?" fragments are joined; every value is bound.
            sql += " WHERE " + " AND ".join(where)
        # One row beyond the page tells whether a next page exists without a count.
        rows = self._x.all(sql + " ORDER BY id DESC LIMIT ?", (*params, limit + 1))
        events = tuple(self._event(row) for row in rows[:limit])
        more = len(rows) > limit
        next_cursor = encode_cursor(int(rows[limit - 1][0]), flt) if more else None
        return AuditPage(events=events, next_cursor=next_cursor)

    def purge_older_than(self, cutoff: dt.datetime) -> int:
        return self._x.run("DELETE FROM audit_log WHERE at < ?", (self._x.t(cutoff),))

    def _where(self, flt: AuditFilter) -> tuple[list[str], list[object]]:
        where: list[str] = []
        params: list[object] = []
        if flt.since is not None:
            where.append("at >= ?")
            params.append(self._x.t(flt.since))
        if flt.until is not None:
            where.append("at < ?")
            params.append(self._x.t(flt.until))
        for column, value in (
            ("dashboard", flt.dashboard),
            ("actor", flt.user),
            ("outcome", flt.outcome.value if flt.outcome else None),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return where, params

    def _event(self, row: Any) -> AuditEvent:
        return AuditEvent(
            id=int(row[0]),
            at=self._x.time(row[1]),
            user=row[2],
            dashboard=row[3],
            page=row[4],
            kind=row[5],
            name=row[6],
            connection=row[7],
            params=load_params(row[8]),
            duration_ms=float(row[9]),
            row_count=None if row[10] is None else int(row[10]),
            cached=bool(row[11]),
            outcome=Outcome(row[12]),
            error=row[13],
            fallback=bool(row[14]),
            workspace_version=row[15],
        )
