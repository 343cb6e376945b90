import pytest

from plotpress.services.auth.hashing import (
    OTP_PURPOSE,
    SESSION_PURPOSE,
    check_secret,
    keyed_hash,
    same,
)

SECRET = "server-secret-for-tests-0123456789"


def test_a_keyed_hash_depends_on_the_secret_the_purpose_and_the_value():
    base = keyed_hash(SECRET, SESSION_PURPOSE, "token")
    assert keyed_hash(SECRET, SESSION_PURPOSE, "token") == base
    assert keyed_hash(SECRET + "x", SESSION_PURPOSE, "token") != base
    assert keyed_hash(SECRET, OTP_PURPOSE, "token") != base
    assert keyed_hash(SECRET, SESSION_PURPOSE, "token2") != base


def test_the_hash_never_contains_the_value():
    assert "123456" not in keyed_hash(SECRET, OTP_PURPOSE, "a@example.com", "123456")


def test_parts_are_separated_so_that_shifting_text_between_them_changes_the_hash():
    assert keyed_hash(SECRET, OTP_PURPOSE, "ab", "c") != keyed_hash(SECRET, OTP_PURPOSE, "a", "bc")


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="at least 16"):
        check_secret("short")


def test_comparison_is_exact():
    assert same("abc", "abc")
    assert not same("abc", "abd")
    assert not same("abc", "abcd")
