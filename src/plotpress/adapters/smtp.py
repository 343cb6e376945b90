"""The Mailer port over SMTP (smtplib), configured by one URL.

``smtp://host:25``                      plain SMTP, no authentication
``smtp://user:pass@host:587?starttls=true``  STARTTLS, then AUTH
``smtps://user:pass@host:465``          implicit TLS, then AUTH

User and password are percent-decoded. Credentials are refused on a connection that
is never encrypted, so a password cannot cross the network in clear by a typo.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import attrs

from plotpress.ports.mailer import MailError

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


@attrs.frozen
class SmtpMailer:
    host: str
    port: int
    sender: str
    use_ssl: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 10.0
    ssl_context: ssl.SSLContext | None = attrs.field(default=None, repr=False)

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        sender: str,
        timeout: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> SmtpMailer:
        """Build a mailer from an ``smtp://`` or ``smtps://`` URL (ValueError if invalid).

        Error messages never repeat the URL, which may carry a password.
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("smtp", "smtps"):
            raise ValueError("the smtp URL must start with smtp:// or smtps://")
        if not parts.hostname:
            raise ValueError("the smtp URL has no host")
        query = {k.lower(): v[-1].lower() for k, v in parse_qs(parts.query).items()}
        unknown = set(query) - {"starttls"}
        if unknown:
            raise ValueError(f"unknown smtp URL option(s): {', '.join(sorted(unknown))}")
        starttls_value = query.get("starttls", "false")
        if starttls_value not in _TRUE | _FALSE:
            raise ValueError("the smtp URL option starttls must be true or false")
        use_ssl = scheme == "smtps"
        starttls = starttls_value in _TRUE
        if use_ssl and starttls:
            raise ValueError("smtps:// is already encrypted; drop ?starttls=true")
        try:
            explicit_port = parts.port
        except ValueError:
            raise ValueError("the smtp URL has an invalid port") from None
        port = explicit_port or (465 if use_ssl else 587 if starttls else 25)
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        if (username or password) and not (use_ssl or starttls):
            raise ValueError(
                "refusing to send SMTP credentials without TLS: use smtps:// or add ?starttls=true"
            )
        return cls(
            host=parts.hostname,
            port=port,
            sender=sender,
            use_ssl=use_ssl,
            starttls=starttls,
            username=username,
            password=password,
            timeout=timeout,
            ssl_context=ssl_context,
        )

    def send(self, to: str, subject: str, text: str) -> None:
        message = self._message(to, subject, text)
        try:
            with self._connect() as smtp:
                if self.starttls:
                    smtp.starttls(context=self._context())
                if self.username is not None:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPResponseException as exc:
            # The reply code is safe to show; the server's text may echo what we sent.
            raise MailError(
                f"mail server {self.host}:{self.port} refused the message "
                f"(SMTP {exc.smtp_code}, {type(exc).__name__})"
            ) from None
        except smtplib.SMTPRecipientsRefused:
            raise MailError(f"mail server {self.host}:{self.port} refused the recipient") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(
                f"could not send mail through {self.host}:{self.port} ({type(exc).__name__})"
            ) from None

    def _message(self, to: str, subject: str, text: str) -> EmailMessage:
        message = EmailMessage()
        try:
            message["From"] = self.sender
            message["To"] = to
            message["Subject"] = subject
        except ValueError:
            # A line break in a header would let a caller add headers of its own.
            raise MailError("invalid mail header (line break or malformed address)") from None
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(text)
        return message

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._context()
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()
