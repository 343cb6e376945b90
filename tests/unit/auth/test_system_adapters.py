import datetime as dt

from plotpress.adapters.system import SecretsTokenFactory, SystemClock


def test_the_system_clock_reads_aware_utc_time_and_a_forward_monotonic_clock():
    clock = SystemClock()
    now = clock.now()
    assert now.tzinfo is not None
    assert now.utcoffset() == dt.timedelta(0)
    first = clock.monotonic()
    assert clock.monotonic() >= first


def test_tokens_carry_the_requested_random_bytes_and_never_repeat():
    tokens = SecretsTokenFactory()
    batch = {tokens.token(32) for _ in range(200)}
    assert len(batch) == 200
    # 32 bytes in unpadded base64url are 43 characters: at least 256 bits.
    assert all(len(t) >= 43 for t in batch)
    assert all(t.replace("-", "").replace("_", "").isalnum() for t in batch)


def test_codes_have_exactly_the_requested_digits_including_leading_zeros():
    tokens = SecretsTokenFactory()
    codes = [tokens.code(6) for _ in range(2000)]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    # With 2000 draws, some code below 100000 appears with overwhelming probability.
    assert any(c.startswith("0") for c in codes)
    assert len(set(codes)) > 1900


def test_ids_are_unique_and_url_safe():
    tokens = SecretsTokenFactory()
    ids = {tokens.new_id() for _ in range(500)}
    assert len(ids) == 500
    assert all("/" not in i and "+" not in i for i in ids)
