"""JSON columns and the audit cursor, shared by every store (the fake included)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping

from plotpress.domain.audit import AuditFilter
from plotpress.ports.store import BadCursor

_CURSOR_PREFIX = "a1"


def dump_json(value: object) -> str:
    """Canonical JSON text (sorted keys, no spaces) so equal values store equally."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_json_object(text: str) -> dict[str, object]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise TypeError("a stored JSON object is not an object")
    return value


def dump_roles(roles: Mapping[str, frozenset[str]]) -> str:
    return dump_json({slug: sorted(names) for slug, names in roles.items()})


def load_roles(text: str | None) -> dict[str, frozenset[str]] | None:
    if text is None:
        return None
    return {slug: frozenset(names) for slug, names in json.loads(text).items()}


def load_params(text: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in load_json_object(text).items()}


def _filter_tag(flt: AuditFilter) -> str:
    # A cursor is only meaningful for the filter that produced it: reusing it with
    # other filters would silently skip or repeat rows, so it is bound to them.
    parts = [
        flt.since.isoformat() if flt.since else "",
        flt.until.isoformat() if flt.until else "",
        flt.dashboard or "",
        flt.user or "",
        flt.outcome.value if flt.outcome else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


def encode_cursor(last_id: int, flt: AuditFilter) -> str:
    """An opaque cursor continuing below ``last_id`` for this filter."""
    raw = f"{_CURSOR_PREFIX}:{last_id}:{_filter_tag(flt)}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, flt: AuditFilter) -> int:
    """The id a cursor continues below; BadCursor unless this store issued it for ``flt``."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        prefix, last_id, tag = raw.split(":")
        value = int(last_id)
    except (ValueError, UnicodeError, binascii.Error):
        raise BadCursor("malformed audit cursor") from None
    if prefix != _CURSOR_PREFIX or tag != _filter_tag(flt) or value < 1:
        raise BadCursor("audit cursor was not issued for this query")
    return value
