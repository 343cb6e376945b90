import io
import logging

import pytest

from plotpress.adapters.console_mailer import LOGGER_NAME, ConsoleMailer, allowed_on


def test_the_console_mailer_writes_the_whole_message_to_its_stream():
    stream = io.StringIO()
    ConsoleMailer(stream=stream).send("alice@example.com", "Your code", "code 123456")
    written = stream.getvalue()
    assert "alice@example.com" in written
    assert "Your code" in written
    assert "123456" in written


def test_without_a_stream_the_message_goes_to_the_log_at_a_level_shown_by_default(caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        ConsoleMailer().send("alice@example.com", "Your code", "code 654321")
    (record,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert record.levelno == logging.WARNING
    assert "654321" in record.getMessage()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"])
def test_the_console_mailer_is_allowed_on_loopback(host):
    assert allowed_on(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "plotpress.example.com", ""])
def test_the_console_mailer_is_refused_anywhere_else(host):
    assert not allowed_on(host)
