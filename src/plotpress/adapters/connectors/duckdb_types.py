"""DuckDB column types (as the Python client spells them) to the port's type names."""

from __future__ import annotations

from plotpress.adapters.connectors import cells

_EXACT = {
    **dict.fromkeys(
        [
            *("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"),
            *("UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"),
        ],
        cells.INTEGER,
    ),
    "FLOAT": cells.NUMBER,
    "DOUBLE": cells.NUMBER,
    "BOOLEAN": cells.BOOLEAN,
    "DATE": cells.DATE,
    "TIMESTAMP": cells.TIMESTAMP,
    "TIMESTAMP WITH TIME ZONE": cells.TIMESTAMP,
    "TIMESTAMP_S": cells.TIMESTAMP,
    "TIMESTAMP_MS": cells.TIMESTAMP,
    "TIMESTAMP_NS": cells.TIMESTAMP,
    "JSON": cells.JSON,
}
_STRUCTURED_PREFIXES = ("STRUCT(", "MAP(", "UNION(")


def column_type(type_code: object) -> str:
    name = str(type_code).upper()
    if name in _EXACT:
        return _EXACT[name]
    if name.startswith("DECIMAL"):
        return cells.NUMBER
    if name.endswith("]") or name.startswith(_STRUCTURED_PREFIXES):
        return cells.JSON
    # VARCHAR, UUID, BLOB (base64), TIME, INTERVAL (ISO 8601 duration), ENUM, BIT, ...
    return cells.STRING
