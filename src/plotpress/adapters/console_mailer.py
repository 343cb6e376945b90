"""A Mailer that prints messages instead of sending them: the local demo's inbox.

Only for a server listening on loopback (the composition root enforces that): the
sign-in code is written out in clear, which is the whole point here and nowhere else.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TextIO

LOGGER_NAME = "plotpress.mail.console"


class ConsoleMailer:
    def __init__(self, stream: TextIO | None = None, logger: logging.Logger | None = None):
        """Write to ``stream`` when given, else log at WARNING on ``plotpress.mail.console``.

        WARNING so that the code shows up under a default log configuration.
        """
        self._stream = stream
        self._logger = logger or logging.getLogger(LOGGER_NAME)

    def send(self, to: str, subject: str, text: str) -> None:
        rendered = f"To: {to}\nSubject: {subject}\n\n{text}"
        if self._stream is not None:
            self._stream.write(f"--- mail (not sent, console mailer) ---\n{rendered}\n---\n")
            self._stream.flush()
        else:
            self._logger.warning("mail (not sent, console mailer)\n%s", rendered)


def allowed_on(listen_host: str) -> bool:
    """True when ``listen_host`` is a loopback address, the only place this mailer may
    serve: anywhere else, whoever reads the log could sign in as anyone."""
    host = listen_host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere
