"""The ``files`` driver: DuckDB views over a folder of CSV/TSV/JSON/NDJSON/Parquet files.

The views (one per file, then the dashboard's ``views/*.sql``) are written into a small
catalog database in a private temporary folder, which is then reopened read-only. File
access is limited to exactly the data files, and locked, from the moment each database
opens and before any SQL the author wrote runs: neither a view body nor a query can
read or write any other file, attach a database or load an extension. A view body must
be one query (view_sql.py), and no data file may be PlotPress's own metadata database.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Mapping

import duckdb

from plotpress.adapters.connectors.duckdb import (
    SAFE_CONFIG,
    Database,
    DuckDBConnector,
    lock_down,
    message,
)
from plotpress.adapters.connectors.file_catalog import DataFile, scan
from plotpress.adapters.connectors.paths import refuse_forbidden, resolve
from plotpress.adapters.connectors.view_sql import create_view_statement
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
    # Every view body is checked before the catalog exists, so a refused one runs nothing.
    authored = [(view, create_view_statement(view)) for view in views.values()]
    db = duckdb.connect(target, config=SAFE_CONFIG)
    try:
        lock_down(db, [data.path for data in files])
        for data in files:
            reader = _READERS[data.format].format(path=_literal(data.path))
            # The name is quoted and the path a string literal, both made here.
            create = f"CREATE VIEW {_quote(data.view)} AS SELECT * FROM {reader}"  # noqa: S608
            try:
                db.execute(create)
            except duckdb.Error as exc:
                raise ConnectorConfigError(f"'{data.relative}': {message(exc)}") from None
        by_name = {data.view.lower(): data for data in files}
        for view, statement in authored:
            clash = by_name.get(view.name.lower())
            if clash is not None:
                raise ConnectorConfigError(
                    f"{view.source or view.name}: the view '{view.name}' has the same name "
                    f"as the view of the file '{clash.relative}'"
                )
            try:
                db.execute(statement)
            except duckdb.Error as exc:
                raise ConnectorConfigError(f"{view.source or view.name}: {message(exc)}") from None
    finally:
        db.close()


def files_connector(
    connection: Connection,
    *,
    workspace_root: str,
    views: Mapping[str, ViewDef],
    forbidden_paths: Collection[str] = (),
) -> DuckDBConnector:
    options = connection.files or FilesOptions(path=".")
    folder = resolve(options.path, workspace_root)
    what = f"connection '{connection.name}'"
    try:
        files = scan(options, folder)
    except ConnectorConfigError as exc:
        raise ConnectorConfigError(f"{what}: {exc}") from None
    for data in files:
        refuse_forbidden(data.path, forbidden_paths, what=f"{what}: '{data.relative}'")
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
        for data in files:
            # Checked again: a symlink in the folder may have changed since the build.
            refuse_forbidden(data.path, forbidden_paths, what=f"{what}: '{data.relative}'")
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
