"""The answer of ``/api/query`` and its cache encoding."""

from __future__ import annotations

import json

import attrs

from plotpress.ports.connector import Column, JsonScalar, ResultSet


@attrs.frozen
class QueryResult:
    columns: tuple[Column, ...]
    rows: tuple[tuple[JsonScalar, ...], ...]
    truncated: bool = False
    cached: bool = False
    duration_ms: float = 0.0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @classmethod
    def from_rows(cls, result: ResultSet) -> QueryResult:
        return cls(result.columns, result.rows, result.truncated)

    def to_json(self) -> dict[str, object]:
        """The SPEC §6 response body."""
        return {
            "columns": [{"name": c.name, "type": c.type} for c in self.columns],
            "rows": [list(row) for row in self.rows],
            "row_count": self.row_count,
            "truncated": self.truncated,
            "cached": self.cached,
            "duration_ms": self.duration_ms,
        }


def encode_result(result: QueryResult) -> bytes:
    """Cache encoding: compact JSON of columns, rows and the truncation flag."""
    body = {
        "c": [[c.name, c.type] for c in result.columns],
        "r": [list(row) for row in result.rows],
        "t": result.truncated,
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode_result(raw: bytes) -> QueryResult:
    body = json.loads(raw.decode("utf-8"))
    return QueryResult(
        columns=tuple(Column(name, type_) for name, type_ in body["c"]),
        rows=tuple(tuple(row) for row in body["r"]),
        truncated=bool(body["t"]),
    )
