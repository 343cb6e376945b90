"""E-mail sign-in end to end: OtpService → SmtpMailer → a real SMTP server on loopback,
with the code read back from the delivered message, on a real SQLite store."""

from __future__ import annotations

import email
import email.policy
import logging
import re

import pytest

from plotpress.adapters.console_mailer import LOGGER_NAME, ConsoleMailer
from plotpress.adapters.smtp import SmtpMailer
from plotpress.adapters.system import SecretsTokenFactory
from plotpress.domain.settings import EmailOtpSettings
from plotpress.services.auth.otp import (
    CodeExpired,
    CodeInvalid,
    OtpService,
    RateLimited,
    TooManyAttempts,
)
from plotpress.services.auth.sessions import SessionService
from tests.fakes.clock import FakeClock
from tests.fakes.tokens import SequentialTokens
from tests.integration.auth.conftest import database_bytes

SECRET = "integration-secret-0123456789abcdef"
SENDER = "plotpress@example.com"
ALICE = "alice@example.com"
CLIENT = "203.0.113.9"
# Records of the test's own SMTP server, which naturally sees the message it receives.
SMTP_SERVER_LOGGER = "mail.log"


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def mailer(smtp_server):
    return SmtpMailer.from_url(f"smtp://127.0.0.1:{smtp_server.port}", sender=SENDER, timeout=5)


@pytest.fixture
def otp(sqlite_store, mailer, clock):
    settings = EmailOtpSettings(sender=SENDER, code_ttl=600, max_attempts=5)
    return OtpService(sqlite_store, mailer, clock, SecretsTokenFactory(), SECRET, settings)


@pytest.fixture
def sessions(sqlite_store, clock):
    return SessionService(sqlite_store, clock, SecretsTokenFactory(), SECRET, session_ttl=3600)


def received(inbox, index=-1):
    return email.message_from_bytes(inbox.messages[index], policy=email.policy.default)


def code_in(message) -> str:
    found = re.search(r"\b(\d{6})\b", message.get_content())
    assert found, "no code in the delivered message"
    return found.group(1)


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_mailed_code_signs_in_and_opens_a_session(otp, sessions, inbox):
    otp.request_code(ALICE, CLIENT)
    message = received(inbox)
    assert message["To"] == ALICE
    assert message["From"] == SENDER
    assert inbox.envelopes[-1] == (SENDER, [ALICE])

    signed = otp.verify(ALICE, code_in(message), CLIENT)
    assert signed.claims == {"email": ALICE, "sub": f"email:{ALICE}"}
    resolved = sessions.resolve(sessions.start(signed.user, signed.claims))
    assert resolved is not None
    assert resolved.email == ALICE


def test_five_wrong_codes_lock_the_code(otp, inbox):
    otp.request_code(ALICE, CLIENT)
    code = code_in(received(inbox))
    for _ in range(4):
        with pytest.raises(CodeInvalid):
            otp.verify(ALICE, other_than(code), CLIENT)
    with pytest.raises(TooManyAttempts):
        otp.verify(ALICE, other_than(code), CLIENT)
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, code, CLIENT)


def test_a_code_expires(otp, inbox, clock):
    otp.request_code(ALICE, CLIENT)
    clock.advance(600)
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, code_in(received(inbox)), CLIENT)


def test_a_code_works_once(otp, inbox):
    otp.request_code(ALICE, CLIENT)
    code = code_in(received(inbox))
    otp.verify(ALICE, code, CLIENT)
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, code, CLIENT)


def test_a_newer_code_voids_the_older(otp, inbox):
    otp.request_code(ALICE, CLIENT)
    otp.request_code(ALICE, CLIENT)
    older, newer = code_in(received(inbox, 0)), code_in(received(inbox, 1))
    if older != newer:  # one in a million they coincide; the voiding is then invisible
        with pytest.raises(CodeInvalid):
            otp.verify(ALICE, older, CLIENT)
    assert otp.verify(ALICE, newer, CLIENT).user.email == ALICE


def test_requests_are_rate_limited_and_a_limited_request_sends_nothing(otp, inbox):
    for _ in range(5):
        otp.request_code(ALICE, CLIENT)
    with pytest.raises(RateLimited) as raised:
        otp.request_code(ALICE, CLIENT)
    assert raised.value.retry_after > 0
    assert len(inbox.messages) == 5


def test_an_address_seen_before_and_one_never_seen_get_the_same_answer(otp, inbox):
    otp.request_code(ALICE, CLIENT)
    otp.verify(ALICE, code_in(received(inbox)), CLIENT)

    answers = [otp.request_code(ALICE, CLIENT), otp.request_code("nobody@example.com", "x")]
    known, unknown = received(inbox, -2), received(inbox, -1)
    assert answers == [None, None]
    assert known["Subject"] == unknown["Subject"]
    assert known["From"] == unknown["From"]
    assert set(known.keys()) == set(unknown.keys())
    assert known.get_content().replace(code_in(known), "C") == unknown.get_content().replace(
        code_in(unknown), "C"
    )


def test_neither_the_code_nor_the_session_token_is_logged_or_stored_in_clear(
    sqlite_store, mailer, clock, sessions, inbox, caplog
):
    # A fixed, distinctive code: a random six-digit one could occur by chance in the file.
    tokens = SequentialTokens(codes=["731946"])
    settings = EmailOtpSettings(sender=SENDER)
    otp = OtpService(sqlite_store, mailer, clock, tokens, SECRET, settings)
    with caplog.at_level(logging.DEBUG):
        otp.request_code(ALICE, CLIENT)
        code = code_in(received(inbox))
        signed = otp.verify(ALICE, code, CLIENT)
        token = sessions.start(signed.user, signed.claims)
        sessions.resolve(token)
    assert code == "731946"
    ours = [r.getMessage() for r in caplog.records if r.name != SMTP_SERVER_LOGGER]
    assert not any(code in line or token in line for line in ours)
    stored = database_bytes(sqlite_store)
    for secret in (code, token, SECRET):
        assert secret.encode() not in stored


def test_the_console_mailer_is_the_only_place_a_code_is_written(sqlite_store, clock, caplog):
    settings = EmailOtpSettings(code_ttl=600)
    otp = OtpService(sqlite_store, ConsoleMailer(), clock, SecretsTokenFactory(), SECRET, settings)
    with caplog.at_level(logging.DEBUG):
        otp.request_code(ALICE, CLIENT)
    (mail,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    code = re.search(r"\b(\d{6})\b", mail.getMessage()).group(1)
    others = [r.getMessage() for r in caplog.records if r.name != LOGGER_NAME]
    assert not any(code in line for line in others)
    with caplog.at_level(logging.DEBUG):
        signed = otp.verify(ALICE, code, CLIENT)
    assert signed.user.email == ALICE
