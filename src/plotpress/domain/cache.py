"""Query cache keys: never shared between different role sets (SPEC §7)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from plotpress.domain.params import ParamValue, canonical_params
from plotpress.domain.workspace import TargetKind


def _digest(parts: Iterable[str]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        encoded = part.encode("utf-8")
        # Length-prefix every part so ("ab", "c") and ("a", "bc") never collide.
        hasher.update(len(encoded).to_bytes(8, "big"))
        hasher.update(encoded)
    return hasher.hexdigest()


def params_hash(values: Mapping[str, ParamValue]) -> str:
    """Hash of validated parameters in canonical, type-tagged form."""
    return _digest(part for pair in canonical_params(values) for part in pair)


def roles_hash(roles: Iterable[str]) -> str:
    """Hash of a role set; order and duplicates do not matter."""
    return _digest(sorted(set(roles)))


def cache_key(
    *,
    dashboard: str,
    kind: TargetKind,
    name: str,
    connection: str,
    values: Mapping[str, ParamValue],
    roles: Iterable[str],
    workspace_version: str = "",
) -> str:
    """The cache key of one query request."""
    return _digest(
        [
            "plotpress-cache-v1",
            workspace_version,
            dashboard,
            kind.value,
            name,
            connection,
            params_hash(values),
            roles_hash(roles),
        ]
    )
