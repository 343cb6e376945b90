"""A Mailer that keeps what it is asked to send, or fails on demand."""

from __future__ import annotations

import re

import attrs

from plotpress.ports.mailer import MailError

_CODE = re.compile(r"\b(\d{6,})\b")


@attrs.frozen
class SentMail:
    to: str
    subject: str
    text: str

    @property
    def code(self) -> str:
        """The one-time code in the body (the first run of six or more digits)."""
        found = _CODE.search(self.text)
        assert found is not None, "no code in the message"
        return found.group(1)


@attrs.define
class RecordingMailer:
    sent: list[SentMail] = attrs.field(factory=list)
    failing: bool = False

    def send(self, to: str, subject: str, text: str) -> None:
        if self.failing:
            raise MailError("mail server test.invalid:25 is unreachable (fake)")
        self.sent.append(SentMail(to, subject, text))

    def last_to(self, address: str) -> SentMail:
        return next(m for m in reversed(self.sent) if m.to == address)
