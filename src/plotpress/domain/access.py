"""Role resolution and the authorization rule (SPEC §2 users.yaml, §5)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import attrs

from plotpress.domain.workspace import Connection, Role

WILDCARD = "*"


@attrs.frozen
class Identity:
    """Who is asking: a verified e-mail (may be absent for some OIDC users) and claims."""

    email: str | None
    claims: Mapping[str, object] = attrs.field(factory=dict)


def claim_values(claims: Mapping[str, object], claim: str) -> frozenset[str]:
    """The string values a claim holds: a string, or the strings of a list; else none."""
    value = claims.get(claim)
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, list | tuple):
        return frozenset(v for v in value if isinstance(v, str))
    return frozenset()


def holds_role(role: Role, identity: Identity) -> bool:
    """True if the identity is a listed member or a claim value matches."""
    if identity.email is not None and identity.email.lower() in role.members:
        return True
    if role.from_claim is None:
        return False
    values = claim_values(identity.claims, role.from_claim)
    if WILDCARD in role.match and any(values):
        return True
    return bool(values & role.match)


def resolve_roles(roles: Iterable[Role], identity: Identity) -> frozenset[str]:
    """Names of the roles (of one dashboard) the identity holds."""
    return frozenset(role.name for role in roles if holds_role(role, identity))


def roles_fingerprint(roles: Iterable[Role]) -> str:
    """A short digest of role definitions: changes whenever who holds what may change."""
    digest = hashlib.sha256()
    for role in sorted(roles, key=lambda r: r.name):
        spec = (role.name, sorted(role.members), role.from_claim, sorted(role.match))
        digest.update(repr(spec).encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


def may_use(roles_held: frozenset[str], connection: Connection) -> bool:
    """SPEC §5: at least one held role is in the connection's ``allowed_users``."""
    return not roles_held.isdisjoint(connection.allowed_users)
