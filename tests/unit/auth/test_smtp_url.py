import pytest

from plotpress.adapters.smtp import SmtpMailer


def test_a_plain_url_means_port_25_without_tls_or_login():
    mailer = SmtpMailer.from_url("smtp://mail.example.com", sender="pp@example.com")
    assert (mailer.host, mailer.port, mailer.use_ssl, mailer.starttls) == (
        "mail.example.com",
        25,
        False,
        False,
    )
    assert mailer.username is None


def test_starttls_defaults_to_the_submission_port_and_decodes_credentials():
    mailer = SmtpMailer.from_url(
        "smtp://us%40er:p%3Ass@mail.example.com?starttls=true", sender="pp@example.com"
    )
    assert (mailer.port, mailer.starttls, mailer.use_ssl) == (587, True, False)
    assert (mailer.username, mailer.password) == ("us@er", "p:ss")


def test_smtps_means_implicit_tls_on_465():
    mailer = SmtpMailer.from_url("smtps://u:p@mail.example.com", sender="pp@example.com")
    assert (mailer.port, mailer.use_ssl, mailer.starttls) == (465, True, False)


def test_an_explicit_port_wins():
    mailer = SmtpMailer.from_url("smtp://127.0.0.1:2525", sender="pp@example.com")
    assert mailer.port == 2525


def test_the_password_never_shows_in_the_repr():
    mailer = SmtpMailer.from_url("smtps://u:hunter2secret@mail.example.com", sender="a@b.c")
    assert "hunter2secret" not in repr(mailer)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://u:hunter2secret@mail.example.com", "smtp:// or smtps://"),
        ("smtp://u:hunter2secret@mail.example.com", "without TLS"),
        ("smtp://u:hunter2secret@mail.example.com?starttls=maybe", "true or false"),
        ("smtp://u:hunter2secret@mail.example.com?tls=1", "unknown smtp URL option"),
        ("smtps://u:hunter2secret@mail.example.com?starttls=true", "already encrypted"),
        ("smtp://u:hunter2secret@mail.example.com:99999?starttls=true", "invalid port"),
        ("smtp://", "no host"),
    ],
)
def test_a_bad_url_is_refused_without_repeating_the_password(url, message):
    with pytest.raises(ValueError, match=message) as raised:
        SmtpMailer.from_url(url, sender="pp@example.com")
    assert "hunter2secret" not in str(raised.value)
