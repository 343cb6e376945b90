"""MySQL/MariaDB error texts fit to show a viewer: no database user, no client host.

The server names the account in its access errors (``SELECT command denied to user
'reader'@'10.0.0.7' for table `shop`.`orders```), which tells every viewer of a page the
connection's user name and where PlotPress runs from. Access errors become fixed
messages that keep only the object's name; any other message has each ``'user'@'host'``
replaced.
"""

from __future__ import annotations

import re

_QUOTED = r"""(?:'(?:[^']|'')*'|`(?:[^`]|``)*`|"(?:[^"]|"")*")"""
# Quoted on both sides as the server writes accounts; unquoted only right after "user",
# so an address in the author's SQL or in data stays readable.
_USER_AT_HOST = re.compile(rf"{_QUOTED}\s*@\s*{_QUOTED}|(?<=\buser )[\w.$-]+@[\w.%:-]+")
_NAME = re.compile(r"'((?:[^']|'')*)'|`((?:[^`]|``)*)`")
ACCOUNT = "<user>"

_FIXED = {
    1044: "access to the database was denied",
    1045: "authentication failed",
    1698: "authentication failed",
    1227: "access denied: the connection's database user lacks a privilege this needs",
}


def _names(text: str) -> list[str]:
    return [
        (quoted if quoted is not None else ticked).replace("''", "'").replace("``", "`")
        for quoted, ticked in (m.groups() for m in _NAME.finditer(text))
        if (quoted if quoted is not None else ticked) is not None
    ]


def _last_part(text: str, marker: str) -> str | None:
    """The last quoted name after ``marker`` (``for table `db`.`t``` → ``t``)."""
    _, found, tail = text.partition(marker)
    names = _names(tail) if found else []
    return names[-1].rsplit(".", 1)[-1] if names else None


def _object_denied(code: int, text: str) -> str | None:
    if code == 1142:
        table = _last_part(text, " for table ")
        return f"access denied on table '{table}'" if table else "access denied on a table"
    if code == 1143:
        column = _last_part(text.split(" in table ", 1)[0], " for column ")
        table = _last_part(text, " in table ")
        if column and table:
            return f"access denied on column '{column}' of table '{table}'"
        return "access denied on a column"
    if code == 1370:
        routine = _last_part(text, " for routine ")
        return f"access denied on routine '{routine}'" if routine else "access denied on a routine"
    return None


def safe_message(code: int, text: str) -> str:
    """What to show for server error ``code`` with message ``text``."""
    fixed = _FIXED.get(code) or _object_denied(code, text)
    if fixed is not None:
        return fixed
    return _USER_AT_HOST.sub(ACCOUNT, text)
