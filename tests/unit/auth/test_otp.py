import pytest

from plotpress.domain.settings import EmailOtpSettings
from plotpress.services.auth.otp import (
    AddressNotAllowed,
    CodeExpired,
    CodeInvalid,
    CodeNotSent,
    InvalidAddress,
    OtpDisabled,
    OtpService,
    RateLimited,
    TooManyAttempts,
)
from tests.unit.auth.conftest import SECRET

ALICE = "alice@example.com"
CLIENT = "203.0.113.7"


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_requested_code_is_mailed_to_the_normalised_address(otp, mailer):
    otp.request_code("  Alice@Example.com ", CLIENT)
    (mail,) = mailer.sent
    assert mail.to == ALICE
    assert len(mail.code) == 6
    assert mail.code not in mail.subject


def test_the_right_code_signs_in_with_exactly_the_email_claims(otp, mailer, store):
    otp.request_code(ALICE, CLIENT)
    signed = otp.verify("ALICE@example.com", mailer.sent[-1].code, CLIENT)
    assert signed.claims == {"email": ALICE, "sub": f"email:{ALICE}"}
    assert signed.user.email == ALICE
    assert signed.user.issuer is None
    with store.unit_of_work() as uow:
        assert uow.users.find_by_email(ALICE) == [signed.user]


def test_signing_in_twice_is_the_same_user(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    first = otp.verify(ALICE, mailer.sent[-1].code, CLIENT)
    otp.request_code(ALICE, CLIENT)
    second = otp.verify(ALICE, mailer.sent[-1].code, CLIENT)
    assert first.user.id == second.user.id


def test_a_code_pasted_with_spaces_is_accepted(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    code = mailer.sent[-1].code
    assert otp.verify(ALICE, f" {code[:3]} {code[3:]} ", CLIENT).user.email == ALICE


def test_a_wrong_code_says_how_many_tries_are_left_then_the_last_one_locks(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    code = mailer.sent[-1].code
    for left in (4, 3, 2, 1):
        with pytest.raises(CodeInvalid) as raised:
            otp.verify(ALICE, wrong(code), CLIENT)
        assert raised.value.attempts_left == left
    with pytest.raises(TooManyAttempts):
        otp.verify(ALICE, wrong(code), CLIENT)
    # Even the right code is dead now.
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, code, CLIENT)


def test_malformed_input_spends_an_attempt_too(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    with pytest.raises(CodeInvalid) as raised:
        otp.verify(ALICE, "not-a-code", CLIENT)
    assert raised.value.attempts_left == 4


def test_a_code_expires_after_its_ttl(otp, mailer, clock):
    otp.request_code(ALICE, CLIENT)
    clock.advance(600)
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, mailer.sent[-1].code, CLIENT)


def test_a_code_is_valid_until_just_before_its_ttl(otp, mailer, clock):
    otp.request_code(ALICE, CLIENT)
    clock.advance(599)
    assert otp.verify(ALICE, mailer.sent[-1].code, CLIENT).user.email == ALICE


def test_a_code_works_once(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    code = mailer.sent[-1].code
    otp.verify(ALICE, code, CLIENT)
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, code, CLIENT)


def test_a_newer_code_voids_the_older_one(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    older = mailer.sent[-1].code
    otp.request_code(ALICE, CLIENT)
    newer = mailer.sent[-1].code
    assert older != newer
    with pytest.raises(CodeInvalid):
        otp.verify(ALICE, older, CLIENT)
    assert otp.verify(ALICE, newer, CLIENT).user.email == ALICE


def test_a_code_is_bound_to_its_address(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    otp.request_code("bob@example.com", CLIENT)
    with pytest.raises(CodeInvalid):
        otp.verify("bob@example.com", mailer.last_to(ALICE).code, CLIENT)


def test_verifying_without_a_code_ever_sent_says_expired(otp):
    with pytest.raises(CodeExpired):
        otp.verify(ALICE, "123456", CLIENT)


def test_requests_per_address_are_limited_and_the_window_reopens(otp, mailer, clock):
    for n in range(5):
        otp.request_code(ALICE, f"198.51.100.{n}")
    with pytest.raises(RateLimited) as raised:
        otp.request_code(ALICE, "198.51.100.99")
    assert 1 <= raised.value.retry_after <= 900
    assert len(mailer.sent) == 5
    clock.advance(raised.value.retry_after)
    otp.request_code(ALICE, CLIENT)
    assert len(mailer.sent) == 6


def test_a_limited_request_leaves_the_last_code_valid(otp, mailer):
    for _ in range(5):
        otp.request_code(ALICE, CLIENT)
    last = mailer.sent[-1].code
    with pytest.raises(RateLimited):
        otp.request_code(ALICE, CLIENT)
    assert otp.verify(ALICE, last, CLIENT).user.email == ALICE


def test_requests_per_client_are_limited_across_addresses(otp):
    for n in range(20):
        otp.request_code(f"user{n}@example.com", CLIENT)
    with pytest.raises(RateLimited):
        otp.request_code("someone-else@example.com", CLIENT)
    otp.request_code("someone-else@example.com", "198.51.100.1")


def test_verifications_per_client_are_limited(otp, mailer):
    for n in range(30):
        with pytest.raises(CodeExpired):
            otp.verify(f"user{n}@example.com", "123456", CLIENT)
    with pytest.raises(RateLimited):
        otp.verify(ALICE, "123456", CLIENT)


def test_a_known_and_an_unknown_address_get_the_same_answer(otp, mailer):
    otp.request_code(ALICE, CLIENT)
    otp.verify(ALICE, mailer.sent[-1].code, CLIENT)  # alice is now a known user

    outcomes = [otp.request_code(a, CLIENT) for a in (ALICE, "never-seen@example.com")]
    known, unknown = mailer.sent[-2:]
    assert outcomes == [None, None]
    assert known.subject == unknown.subject
    assert known.text.replace(known.code, "C") == unknown.text.replace(unknown.code, "C")


@pytest.mark.parametrize("address", ["", "alice", "alice@example.com\r\nBcc: x@example.com"])
def test_a_malformed_address_is_refused_before_anything_happens(otp, mailer, address):
    with pytest.raises(InvalidAddress):
        otp.request_code(address, CLIENT)
    assert mailer.sent == []


def test_only_allowed_domains_get_codes(store, mailer, clock, tokens):
    settings = EmailOtpSettings(allowed_domains=("example.com",))
    service = OtpService(store, mailer, clock, tokens, SECRET, settings)
    with pytest.raises(AddressNotAllowed):
        service.request_code("eve@elsewhere.test", CLIENT)
    service.request_code(ALICE, CLIENT)
    assert [m.to for m in mailer.sent] == [ALICE]


def test_a_disabled_email_sign_in_refuses_everything(store, mailer, clock, tokens):
    service = OtpService(store, mailer, clock, tokens, SECRET, EmailOtpSettings(enabled=False))
    with pytest.raises(OtpDisabled):
        service.request_code(ALICE, CLIENT)
    with pytest.raises(OtpDisabled):
        service.verify(ALICE, "123456", CLIENT)


def test_a_mail_failure_is_reported_without_the_code(otp, mailer, tokens):
    mailer.failing = True
    tokens.codes.append("424242")
    with pytest.raises(CodeNotSent) as raised:
        otp.request_code(ALICE, CLIENT)
    assert "424242" not in str(raised.value)
    assert raised.value.__cause__ is None


def test_codes_shorter_than_six_digits_are_refused(store, mailer, clock, tokens):
    with pytest.raises(ValueError, match="6 digits"):
        OtpService(store, mailer, clock, tokens, SECRET, EmailOtpSettings(), digits=4)


def test_longer_codes_can_be_configured(store, mailer, clock, tokens):
    service = OtpService(store, mailer, clock, tokens, SECRET, EmailOtpSettings(), digits=8)
    service.request_code(ALICE, CLIENT)
    code = mailer.sent[-1].code
    assert len(code) == 8
    assert service.verify(ALICE, code, CLIENT).user.email == ALICE


def test_the_store_holds_the_code_only_as_a_keyed_hash(otp, store, clock, tokens):
    tokens.codes.append("987654")
    otp.request_code(ALICE, CLIENT)
    with store.unit_of_work() as uow:
        live = uow.otp_codes.begin_attempt(ALICE, clock.now(), 99)
    assert live is not None
    assert "987654" not in repr(live)
    assert len(live.code_hash) == 64
