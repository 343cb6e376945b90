"""MySQL/MariaDB messages lose every 'user'@'host' before a viewer sees them."""

from __future__ import annotations

import pytest

from plotpress.adapters.connectors.mysql_errors import safe_message


@pytest.mark.parametrize(
    ("code", "text", "shown"),
    [
        (
            1142,
            "SELECT command denied to user 'rvro'@'127.0.0.1' for table `shop`.`orders`",
            "access denied on table 'orders'",
        ),
        (
            1143,
            "SELECT command denied to user 'rvro'@'10.0.0.7' for column 'cost' in table 'orders'",
            "access denied on column 'cost' of table 'orders'",
        ),
        (
            1370,
            "execute command denied to user 'rvro'@'%' for routine 'shop.margin'",
            "access denied on routine 'margin'",
        ),
        (
            1044,
            "Access denied for user 'rvro'@'%' to database 'mysql'",
            "access to the database was denied",
        ),
        (
            1045,
            "Access denied for user 'rvro'@'10.0.0.7' (using password: YES)",
            "authentication failed",
        ),
        (
            1449,
            "The user specified as a definer ('admin'@'%') does not exist",
            "The user specified as a definer (<user>) does not exist",
        ),
        (
            9999,
            "Something about user rvro@10.0.0.7 and `a`@`b`",
            "Something about user <user> and <user>",
        ),
        (
            1064,
            "syntax error near 'ops@example.com' at line 1",
            "syntax error near 'ops@example.com' at line 1",
        ),
    ],
)
def test_messages_name_objects_but_never_accounts(code: int, text: str, shown: str) -> None:
    assert safe_message(code, text) == shown
