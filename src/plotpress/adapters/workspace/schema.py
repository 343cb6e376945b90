"""The shapes of the workspace's YAML files, as written by authors (SPEC §2).

These mirror the files key for key so cattrs can reject anything unknown; the loader
turns them into the domain model after the cross-checks. Defaults here are the
documented defaults of docs/workspace.md.
"""

from __future__ import annotations

import attrs

from plotpress.adapters.workspace.converter import Duration
from plotpress.domain.workspace import Driver, FileFormat


@attrs.frozen
class DashboardSpec:
    """``dashboard.yaml``."""

    title: str
    connection: str | None = None
    description: str = ""
    pages: list[str] | None = None
    views: list[str] = attrs.Factory(list)


@attrs.frozen
class PoolSpec:
    """``pool:`` of a connection."""

    max_open: int = 10
    max_idle: int = 5
    max_lifetime: Duration = attrs.field(default=Duration(3600.0))


@attrs.frozen
class ConnectionSpec:
    """One entry of ``connections.yaml``; ``path`` … ``pattern`` are for ``files`` only."""

    driver: Driver
    allowed_users: list[str]
    dsn: str | None = None
    timeout: Duration = attrs.field(default=Duration(30.0))
    read_only: bool = True
    max_rows: int | None = 100_000
    pool: PoolSpec = PoolSpec()
    path: str | None = None
    format: FileFormat | None = None
    recursive: bool | None = None
    pattern: str | None = None


FILES_ONLY_KEYS = ("path", "format", "recursive", "pattern")


@attrs.frozen
class RoleSpec:
    """One entry of ``users.yaml``."""

    description: str = ""
    members: list[str] = attrs.Factory(list)
    from_claim: str | None = None
    match: list[str] = attrs.Factory(list)


@attrs.frozen
class FrontMatterSpec:
    """The YAML front matter of a page."""

    title: str | None = None
