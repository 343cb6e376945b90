"""E-mail addresses as typed by a person: normalised and checked for shape only."""

from __future__ import annotations

import re

# Deliberately loose (a real check is that the code arrives), but strict enough that no
# whitespace, control character or second "@" can reach a mail header.
_SHAPE = re.compile(r"[^@\s\x00-\x1f\x7f\"<>,;()\\]{1,64}@[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?")
MAX_LENGTH = 254


def normalise(address: str) -> str | None:
    """The address trimmed and lower-cased, or None if it is not shaped like one."""
    candidate = address.strip().lower()
    if len(candidate) > MAX_LENGTH or not _SHAPE.fullmatch(candidate):
        return None
    domain = candidate.rpartition("@")[2]
    if "." not in domain or ".." in domain:
        return None
    return candidate


def domain_allowed(address: str, allowed_domains: tuple[str, ...]) -> bool:
    """True when no domain list is configured or the address's domain is on it."""
    if not allowed_domains:
        return True
    domain = address.rpartition("@")[2]
    return domain in {d.strip().lower().lstrip("@") for d in allowed_domains}
