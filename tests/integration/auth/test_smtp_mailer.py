"""SmtpMailer against real SMTP servers on loopback: plain, STARTTLS and implicit TLS."""

from __future__ import annotations

import email
import email.policy
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from plotpress.adapters.smtp import SmtpMailer
from plotpress.ports.mailer import MailError
from tests.integration.auth.conftest import free_port
from tests.integration.auth.tls_material import make_tls_material

SENDER = "plotpress@example.com"
USER = "mailer"
PASSWORD = "p@ss w0rd/with:odd&chars"


class Accounts:
    """An aiosmtpd authenticator that knows one account and records every login."""

    def __init__(self):
        self.logins: list[bytes] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if isinstance(auth_data, LoginPassword):
            self.logins.append(auth_data.login)
        return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    return make_tls_material(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def accounts():
    return Accounts()


def running(controller):
    controller.start()
    return controller


@pytest.fixture
def starttls_server(inbox, tls, accounts):
    controller = running(
        Controller(
            inbox,
            hostname="127.0.0.1",
            port=free_port(),
            tls_context=tls.server_context(),
            require_starttls=True,
            auth_required=True,
            auth_require_tls=True,
            authenticator=accounts,
        )
    )
    yield controller
    controller.stop()


@pytest.fixture
def smtps_server(inbox, tls, accounts):
    controller = running(
        Controller(
            inbox,
            hostname="127.0.0.1",
            port=free_port(),
            ssl_context=tls.server_context(),
            auth_required=True,
            auth_require_tls=False,  # the whole connection is TLS already
            authenticator=accounts,
        )
    )
    yield controller
    controller.stop()


def url(scheme, port, password=PASSWORD, query=""):
    return f"{scheme}://{USER}:{quote(password, safe='')}@127.0.0.1:{port}{query}"


def test_plain_smtp_delivers_a_plain_text_message(smtp_server, inbox):
    mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{smtp_server.port}", sender=SENDER)
    mailer.send("alice@example.com", "Hello", "Your code is 123456.\n")
    message = email.message_from_bytes(inbox.messages[-1], policy=email.policy.default)
    assert message["Subject"] == "Hello"
    assert message["Message-ID"]
    assert message["Date"]
    assert message.get_content_type() == "text/plain"
    assert "123456" in message.get_content()


def test_starttls_then_login_delivers(starttls_server, inbox, tls, accounts):
    mailer = SmtpMailer.from_url(
        url("smtp", starttls_server.port, query="?starttls=true"),
        sender=SENDER,
        ssl_context=tls.client_context(),
    )
    mailer.send("alice@example.com", "Hello", "body")
    assert accounts.logins == [USER.encode()]
    assert len(inbox.messages) == 1


# aiosmtpd cannot tell that an implicit-TLS connection is encrypted and warns.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_then_login_delivers(smtps_server, inbox, tls, accounts):
    mailer = SmtpMailer.from_url(
        url("smtps", smtps_server.port), sender=SENDER, ssl_context=tls.client_context()
    )
    mailer.send("alice@example.com", "Hello", "body")
    assert accounts.logins == [USER.encode()]
    assert len(inbox.messages) == 1


def test_a_wrong_password_fails_without_showing_it(starttls_server, inbox, tls):
    mailer = SmtpMailer.from_url(
        url("smtp", starttls_server.port, password="wrong-secret-pw", query="?starttls=true"),
        sender=SENDER,
        ssl_context=tls.client_context(),
    )
    with pytest.raises(MailError, match="SMTP 535") as raised:
        mailer.send("alice@example.com", "Hello", "body")
    assert "wrong-secret-pw" not in str(raised.value)
    assert inbox.messages == []


def test_an_untrusted_certificate_is_refused(starttls_server, inbox):
    # The default context trusts the system's CAs only, not the test's certificate.
    mailer = SmtpMailer.from_url(
        url("smtp", starttls_server.port, query="?starttls=true"), sender=SENDER
    )
    with pytest.raises(MailError, match="SSLCertVerificationError") as raised:
        mailer.send("alice@example.com", "Hello", "body")
    assert PASSWORD not in str(raised.value)
    assert inbox.messages == []


def test_a_server_requiring_tls_refuses_a_plain_client(starttls_server, inbox):
    mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{starttls_server.port}", sender=SENDER)
    with pytest.raises(MailError, match="SMTP 530"):
        mailer.send("alice@example.com", "Hello", "body")
    assert inbox.messages == []


def test_nobody_listening_is_a_mail_error():
    mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{free_port()}", sender=SENDER, timeout=2)
    with pytest.raises(MailError, match="ConnectionRefusedError"):
        mailer.send("alice@example.com", "Hello", "body")


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("alice@example.com\r\nBcc: victim@example.com", "Hello"),
        ("alice@example.com", "Hello\r\nBcc: victim@example.com"),
    ],
)
def test_a_line_break_in_a_header_is_refused_before_connecting(smtp_server, inbox, to, subject):
    mailer = SmtpMailer.from_url(f"smtp://127.0.0.1:{smtp_server.port}", sender=SENDER)
    with pytest.raises(MailError, match="header"):
        mailer.send(to, subject, "body")
    assert inbox.messages == []
