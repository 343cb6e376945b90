"""Which files of a ``files`` connection's folder become which views.

A file's view name is its path relative to the folder without the data extension,
sub-folders joined by ``__``, and every character that is not a letter, digit or ``_``
replaced by ``_`` (so ``2024/sales-eu.csv`` is ``2024__sales_eu``, prefixed with ``_``
because a view name cannot start with a digit). DuckDB compares names without regard to
case, so two files whose names differ only in case clash too.
"""

from __future__ import annotations

import os
import re
from pathlib import PurePosixPath

import attrs

from plotpress.domain.workspace import FileFormat, FilesOptions
from plotpress.ports.connector import ConnectorConfigError

_BY_EXTENSION = {
    ".csv": FileFormat.CSV,
    ".tsv": FileFormat.TSV,
    ".tab": FileFormat.TSV,
    ".json": FileFormat.JSON,
    ".ndjson": FileFormat.NDJSON,
    ".jsonl": FileFormat.NDJSON,
    ".parquet": FileFormat.PARQUET,
}
_COMPRESSED = (".gz", ".zst")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
# DuckDB expands these in a path as a glob; such a file could not be read as itself.
_GLOB_CHARS = re.compile(r"[*?\[\]{}]")


@attrs.frozen
class DataFile:
    view: str
    path: str
    relative: str
    format: FileFormat


def _split_extension(name: str) -> tuple[str, str]:
    """``sales.csv.gz`` → (``sales``, ``.csv``); the compression suffix does not count."""
    stem, ext = os.path.splitext(name)
    if ext.lower() in _COMPRESSED:
        stem, ext = os.path.splitext(stem)
    return stem, ext.lower()


def view_name(relative: str) -> str:
    parts = list(PurePosixPath(relative).parts)
    parts[-1] = _split_extension(parts[-1])[0]
    name = _NOT_NAME.sub("_", "__".join(parts))
    return f"_{name}" if name[:1].isdigit() or not name else name


def _walk(folder: str, recursive: bool) -> list[str]:
    found: list[str] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        rel_dir = os.path.relpath(current, folder)
        for name in sorted(files):
            if not name.startswith("."):
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                found.append(rel.replace(os.sep, "/"))
    return found


def scan(options: FilesOptions, folder: str) -> list[DataFile]:
    """The folder's data files in a stable order; raise ConnectorConfigError on a clash."""
    if not os.path.isdir(folder):
        raise ConnectorConfigError("the files folder does not exist")
    chosen: list[DataFile] = []
    for rel in _walk(folder, options.recursive):
        ext = _split_extension(PurePosixPath(rel).name)[1]
        if options.pattern is not None:
            if not PurePosixPath(rel).match(options.pattern):
                continue
        elif ext not in _BY_EXTENSION:
            continue
        fmt = options.format
        if fmt is FileFormat.AUTO:
            if ext not in _BY_EXTENSION:
                raise ConnectorConfigError(f"cannot tell the format of '{rel}'; set format")
            fmt = _BY_EXTENSION[ext]
        if _GLOB_CHARS.search(rel):
            raise ConnectorConfigError(f"'{rel}': file names may not contain * ? [ ] {{ }}")
        chosen.append(DataFile(view_name(rel), os.path.join(folder, rel), rel, fmt))
    seen: dict[str, DataFile] = {}
    for data in chosen:
        other = seen.setdefault(data.view.lower(), data)
        if other is not data:
            raise ConnectorConfigError(
                f"'{other.relative}' and '{data.relative}' would both be the view '{data.view}'"
            )
    return chosen
