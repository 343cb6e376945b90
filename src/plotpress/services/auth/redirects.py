"""Where to go after sign-in: only paths on this site."""

from __future__ import annotations

from urllib.parse import quote

MAX_LENGTH = 2048
_PRINTABLE_ASCII = "".join(chr(c) for c in range(0x21, 0x7F))
DEFAULT = "/"


def safe_next(candidate: str | None) -> str:
    """``candidate`` if it is a relative path on this site, else ``/``.

    Accepted: starts with exactly one ``/``. Refused: ``//host`` and ``/\\host`` (browsers
    read both as another host), any scheme, whitespace or control characters (some
    browsers drop them, turning ``/\\t/host`` into ``//host``), and very long values.
    """
    if not candidate or len(candidate) > MAX_LENGTH:
        return DEFAULT
    if not candidate.startswith("/") or candidate.startswith("//"):
        return DEFAULT
    if "\\" in candidate or any(
        ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in candidate
    ):
        return DEFAULT
    # Location headers are latin-1 on the wire: percent-encode anything beyond ASCII.
    return quote(candidate, safe=_PRINTABLE_ASCII)
