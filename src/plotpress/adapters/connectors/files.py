"""The ``files`` driver: DuckDB views over a folder of CSV/TSV/JSON/NDJSON/Parquet files.

The views (one per file, then the dashboard's ``views/*.sql``) are written into a small
catalog database in a private temporary folder, which is then reopened read-only with
file access limited to exactly the data files: a query can neither change the views nor
read or write any other file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping

import duckdb

from plotpress.adapters.connectors.duckdb import (
    SAFE_CONFIG,
    Database,
    DuckDBConnector,
    lock_down,
    message,
)
from plotpress.adapters.connectors.file_catalog import DataFile, scan
from plotpress.adapters.connectors.paths import resolve
from plotpress.domain.workspace import Connection, FileFormat, FilesOptions, ViewDef
from plotpress.ports.connector import ConnectorConfigError

_READERS = {
    FileFormat.CSV: "read_csv({path})",
    FileFormat.TSV: "read_csv({path}, delim = '\\t')",
    FileFormat.JSON: "read_json({path})",
    FileFormat.NDJSON: "read_json({path}, format = 'newline_delimited')",
    FileFormat.PARQUET: "read_parquet({path})",
}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _write_catalog(target: str, files: list[DataFile], views: Mapping[str, ViewDef]) -> None:
    db = duckdb.connect(target, config=SAFE_CONFIG)
    try:
        for data in files:
            reader = _READERS[data.format].format(path=_literal(data.path))
            # The name is quoted and the path a string literal, both made here.
            create = f"CREATE VIEW {_quote(data.view)} AS SELECT * FROM {reader}"  # noqa: S608
            try:
                db.execute(create)
            except duckdb.Error as exc:
                raise ConnectorConfigError(f"'{data.relative}': {message(exc)}") from None
        by_name = {data.view.lower(): data for data in files}
        for view in views.values():
            clash = by_name.get(view.name.lower())
            if clash is not None:
                raise ConnectorConfigError(
                    f"{view.source or view.name}: the view '{view.name}' has the same name "
                    f"as the view of the file '{clash.relative}'"
                )
            try:
                db.execute(f"CREATE VIEW {_quote(view.name)} AS {view.body}")
            except duckdb.Error as exc:
                raise ConnectorConfigError(f"{view.source or view.name}: {message(exc)}") from None
    finally:
        db.close()


def files_connector(
    connection: Connection, *, workspace_root: str, views: Mapping[str, ViewDef]
) -> DuckDBConnector:
    options = connection.files or FilesOptions(path=".")
    folder = resolve(options.path, workspace_root)
    try:
        files = scan(options, folder)
    except ConnectorConfigError as exc:
        raise ConnectorConfigError(f"connection '{connection.name}': {exc}") from None
    scratch = tempfile.mkdtemp(prefix="plotpress-files-")
    catalog = os.path.join(scratch, "catalog.duckdb")
    try:
        # Built now, not at the first query, so a broken file or view fails the load.
        _write_catalog(catalog, files, views)
    except BaseException as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(exc, ConnectorConfigError):
            raise ConnectorConfigError(f"connection '{connection.name}': {exc}") from None
        raise

    def open_database() -> Database:
        try:
            db = duckdb.connect(catalog, read_only=True, config=SAFE_CONFIG)
            lock_down(db, [data.path for data in files])
        except duckdb.Error as exc:
            raise ConnectorConfigError(
                f"connection '{connection.name}': cannot open the file views ({message(exc)})"
            ) from None
        return db

    def remove_scratch() -> None:
        shutil.rmtree(scratch, ignore_errors=True)

    return DuckDBConnector(connection.name, connection.pool, open_database, remove_scratch)
