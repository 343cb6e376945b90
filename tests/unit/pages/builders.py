"""Pages and dashboards for renderer tests, with blocks read from the Markdown itself."""

from __future__ import annotations

from plotpress.adapters.markdown_parser import make_markdown
from plotpress.domain.access import Identity, resolve_roles
from plotpress.domain.infostring import is_plot_info, parse_info
from plotpress.domain.workspace import (
    Block,
    Connection,
    Dashboard,
    Driver,
    Page,
    Role,
    TargetKind,
)


def blocks_of(markdown: str) -> tuple[Block, ...]:
    """The plot blocks of ``markdown`` as the workspace loader would build them."""
    found: list[Block] = []
    for token in make_markdown().parse(markdown):
        if token.type != "fence" or not is_plot_info(token.info):
            continue
        attrs = parse_info(token.info)
        view = attrs.get("view")
        found.append(
            Block(
                index=len(found),
                kind=TargetKind.VIEW if view else TargetKind.QUERY,
                name=view or attrs["query"],
                code=token.content,
                line=(token.map or [0])[0] + 1,
                connection=attrs.get("connection"),
                params={k[7:]: v for k, v in attrs.items() if k.startswith("params.")},
                height=int(attrs["height"]) if "height" in attrs else None,
                css_class=attrs.get("class"),
                title=attrs.get("title"),
            )
        )
    return tuple(found)


def page(name: str, title: str, markdown: str) -> Page:
    return Page(name=name, title=title, markdown=markdown, blocks=blocks_of(markdown))


def dashboard(
    slug: str,
    *pages: Page,
    title: str = "Sales",
    description: str = "",
    members: dict[str, set[str]] | None = None,
    connections: dict[str, set[str]] | None = None,
) -> Dashboard:
    """``members``: role → e-mails; ``connections``: name → allowed roles (first is default)."""
    members = members if members is not None else {"analyst": {"analyst@example.com"}}
    connections = connections if connections is not None else {"warehouse": {"analyst"}}
    return Dashboard(
        slug=slug,
        title=title,
        description=description,
        pages=pages,
        connections={
            name: Connection(name, Driver.SQLITE, frozenset(roles), dsn=f"{name}.db")
            for name, roles in connections.items()
        },
        roles={role: Role(role, members=frozenset(emails)) for role, emails in members.items()},
        default_connection=next(iter(connections)),
    )


class EmailViewer:
    def __init__(self, email: str) -> None:
        self.identity = Identity(email)

    @property
    def audit_name(self) -> str:
        return self.identity.email or "anonymous"

    def roles_on(self, dashboard: Dashboard) -> frozenset[str]:
        return resolve_roles(dashboard.roles.values(), self.identity)
