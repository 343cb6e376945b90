"""What a query request is: who asks, and which view or query of which dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import attrs

from plotpress.domain.workspace import Dashboard, Target, TargetKind
from plotpress.services.query.errors import InvalidRequest, NotFound

MAX_AUDIT_TEXT = 200


class Viewer(Protocol):
    """The signed-in person asking, as the query service needs to know them."""

    @property
    def audit_name(self) -> str:
        """How the audit log names this viewer (their e-mail, or a stable id)."""
        ...

    def roles_on(self, dashboard: Dashboard) -> frozenset[str]:
        """The roles this viewer holds on ``dashboard``."""
        ...


@attrs.frozen
class QueryRequest:
    dashboard: str
    kind: TargetKind
    name: str
    params: Mapping[str, object] = attrs.field(factory=dict)
    page: str | None = None
    connection: str | None = None


def resolve_target(dashboard: Dashboard, request: QueryRequest) -> Target:
    """The addressable target the request names; only what the workspace names can run."""
    candidates = [
        t for t in dashboard.targets() if t.kind is request.kind and t.name == request.name
    ]
    if request.connection is not None:
        candidates = [t for t in candidates if t.connection == request.connection]
    if not candidates:
        raise NotFound(
            f"no {request.kind.value} '{clip(request.name)}' is used by dashboard "
            f"'{dashboard.slug}'"
            + (f" on connection '{clip(request.connection)}'" if request.connection else "")
        )
    if len(candidates) > 1:
        names = ", ".join(sorted(t.connection for t in candidates))
        raise InvalidRequest(
            f"{request.kind.value} '{request.name}' runs on several connections ({names}); "
            "name one with 'connection'"
        )
    return candidates[0]


def clip(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_AUDIT_TEXT else text[: MAX_AUDIT_TEXT - 3] + "..."
