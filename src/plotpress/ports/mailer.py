"""Sending e-mail: one-time sign-in codes leave the server through this port."""

from __future__ import annotations

from typing import Protocol


class MailError(Exception):
    """The message could not be handed to the mail server.

    Messages name the server and the kind of failure, never credentials or the body.
    """


class Mailer(Protocol):
    def send(self, to: str, subject: str, text: str) -> None:
        """Deliver a plain-text message to one recipient; raise MailError on failure."""
        ...
