"""Small workspaces and viewers for query-service tests."""

from __future__ import annotations

import attrs

from plotpress.domain.access import Identity, resolve_roles
from plotpress.domain.params import ParamDecl
from plotpress.domain.workspace import (
    Block,
    Connection,
    Dashboard,
    Driver,
    Page,
    QueryFile,
    Role,
    TargetKind,
    Workspace,
)

ANALYST = Identity("analyst@acme.example")
ADMIN = Identity("admin@acme.example")
VIEWER_ONLY = Identity("viewer@acme.example")
OUTSIDER = Identity("someone@else.example")


@attrs.frozen
class IdentityViewer:
    identity: Identity

    @property
    def audit_name(self) -> str:
        return self.identity.email or "anonymous"

    def roles_on(self, dashboard: Dashboard) -> frozenset[str]:
        return resolve_roles(dashboard.roles.values(), self.identity)


def query_file(name: str, body: str, **params: ParamDecl) -> QueryFile:
    return QueryFile(name=name, params=params, body=body, source=f"queries/{name}.sql")


def sales_workspace(
    *,
    max_rows: int | None = 100_000,
    queries: tuple[QueryFile, ...] | list[QueryFile] = (),
    read_only: bool = True,
) -> Workspace:
    """Dashboard 'sales': roles analyst/admin/viewer; 'warehouse' allows analyst and admin."""
    # ANALYST holds {analyst}, ADMIN holds {admin}: two role sets allowed on one connection.
    roles = {
        "analyst": Role("analyst", members=frozenset({ANALYST.email})),
        "admin": Role("admin", members=frozenset({ADMIN.email})),
        "viewer": Role("viewer", members=frozenset({VIEWER_ONLY.email})),
    }
    connections = {
        "warehouse": Connection(
            "warehouse",
            Driver.SQLITE,
            frozenset({"analyst", "admin"}),
            dsn="data.db",
            max_rows=max_rows,
            read_only=read_only,
        ),
        "other": Connection("other", Driver.SQLITE, frozenset({"admin"}), dsn="o.db"),
    }
    blocks = [Block(index=0, kind=TargetKind.VIEW, name="sales_by_region", code="data")]
    blocks += [
        Block(index=i + 1, kind=TargetKind.QUERY, name=q.name, code="data")
        for i, q in enumerate(queries)
    ]
    dashboard = Dashboard(
        slug="sales",
        title="Sales",
        pages=(Page(name="index", title="Sales", markdown="", blocks=tuple(blocks)),),
        connections=connections,
        roles=roles,
        queries={q.name: q for q in queries},
        default_connection="warehouse",
    )
    return Workspace(dashboards={"sales": dashboard}, version="v1")
