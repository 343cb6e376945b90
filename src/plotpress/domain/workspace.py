"""The workspace model: dashboards, their pages, blocks, connections, roles and queries.

Everything here is immutable and already validated: the workspace adapter builds these
objects only from a workspace that passed every check, so the services can trust them.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from plotpress.domain.params import ParamDecl

SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""Slugs and page names: lowercase letters, digits, ``-`` and ``_`` (no dots, no slashes)."""

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
"""Names of views, query files, connections and roles."""


def frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """Converter: a read-only copy of ``value`` that keeps insertion order.

    Typed with ``Any``: mypy's attrs plugin cannot solve a converter's type variable, and
    a generic signature made every ``Dashboard(connections=...)`` call a type error.
    """
    return MappingProxyType(dict(value))


class Driver(enum.Enum):
    SQLITE = "sqlite"
    DUCKDB = "duckdb"
    FILES = "files"
    POSTGRES = "postgres"
    MYSQL = "mysql"
    MARIADB = "mariadb"
    CLICKHOUSE = "clickhouse"
    MONGODB = "mongodb"
    S3 = "s3"


class TargetKind(enum.Enum):
    VIEW = "view"
    QUERY = "query"


class FileFormat(enum.Enum):
    AUTO = "auto"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    NDJSON = "ndjson"
    PARQUET = "parquet"


@attrs.frozen
class PoolSettings:
    max_open: int = 10
    max_idle: int = 5
    max_lifetime: float = 3600.0


@attrs.frozen
class FilesOptions:
    """Options of the ``files`` driver; ``path`` as written (relative to the workspace root)."""

    path: str
    format: FileFormat = FileFormat.AUTO
    recursive: bool = False
    pattern: str | None = None


@attrs.frozen
class Connection:
    """A data source of one dashboard. ``dsn`` is a secret: it never appears in repr."""

    name: str
    driver: Driver
    allowed_users: frozenset[str]
    dsn: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0
    read_only: bool = True
    max_rows: int | None = 100_000
    pool: PoolSettings = PoolSettings()
    files: FilesOptions | None = None


@attrs.frozen
class Role:
    """A role of one dashboard: held by listed members or by a matching claim value."""

    name: str
    description: str = ""
    members: frozenset[str] = frozenset()  # lower-cased e-mail addresses
    from_claim: str | None = None
    match: frozenset[str] = frozenset()


@attrs.frozen
class QueryFile:
    """``queries/<name>.sql``: declared parameters and the SQL body using ``:name``."""

    name: str
    params: Mapping[str, ParamDecl] = attrs.field(converter=frozen_map)
    body: str
    source: str = ""


@attrs.frozen
class ViewDef:
    """``views/<name>.sql``: a view created on file- or S3-backed connections."""

    name: str
    body: str
    source: str = ""


@attrs.frozen
class Block:
    """A ```` ```plot ```` fence of a page; ``index`` counts plot blocks from 0."""

    index: int
    kind: TargetKind
    name: str
    code: str
    line: int = 0
    connection: str | None = None
    params: Mapping[str, str] = attrs.field(factory=dict, converter=frozen_map)
    height: int | None = None
    css_class: str | None = None
    title: str | None = None


@attrs.frozen
class Page:
    name: str
    title: str
    markdown: str
    blocks: tuple[Block, ...] = ()
    source: str = ""


@attrs.frozen
class Target:
    """Something ``/api/query`` can run: a view or query file on one connection."""

    kind: TargetKind
    name: str
    connection: str


@attrs.frozen
class Dashboard:
    slug: str
    title: str
    pages: tuple[Page, ...]
    connections: Mapping[str, Connection] = attrs.field(converter=frozen_map)
    roles: Mapping[str, Role] = attrs.field(converter=frozen_map)
    queries: Mapping[str, QueryFile] = attrs.field(factory=dict, converter=frozen_map)
    views: Mapping[str, ViewDef] = attrs.field(factory=dict, converter=frozen_map)
    description: str = ""
    default_connection: str | None = None
    extra_views: tuple[str, ...] = ()

    def page(self, name: str) -> Page | None:
        return next((p for p in self.pages if p.name == name), None)

    def block_connection(self, block: Block) -> str | None:
        """The connection a block runs on: its own ``connection=`` or the dashboard default."""
        return block.connection or self.default_connection

    def targets(self) -> frozenset[Target]:
        """Every view and query this dashboard makes addressable, on its resolved connection."""
        found: set[Target] = set()
        for page in self.pages:
            for block in page.blocks:
                connection = self.block_connection(block)
                if connection is not None:
                    found.add(Target(block.kind, block.name, connection))
        if self.default_connection is not None:
            for view in self.extra_views:
                found.add(Target(TargetKind.VIEW, view, self.default_connection))
        return frozenset(found)


@attrs.frozen
class Workspace:
    """A loaded workspace: ``version`` is a digest of the files it was read from;
    ``commit`` the git commit checked out, when the workspace is in a git checkout."""

    dashboards: Mapping[str, Dashboard] = attrs.field(converter=frozen_map)
    version: str = ""
    commit: str | None = None

    @property
    def audit_label(self) -> str | None:
        """What audit rows record: the commit when known, else the content digest."""
        return self.commit or self.version or None

    def __iter__(self) -> Iterator[Dashboard]:
        return iter(self.dashboards.values())

    def dashboard(self, slug: str) -> Dashboard | None:
        return self.dashboards.get(slug)
