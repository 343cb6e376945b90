import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plotpress.services.auth.oidc_errors import PreAuthExpired, PreAuthInvalid
from plotpress.services.auth.preauth import PreAuth, seal, unseal
from plotpress.services.auth.redirects import safe_next
from tests.fakes.clock import EPOCH

SECRET = "server-secret-for-tests-0123456789"
PREAUTH = PreAuth(
    state="state-1",
    nonce="nonce-1",
    code_verifier="verifier-1",
    next="/dashboards/x/",
    created=EPOCH,
)


def test_a_sealed_preauth_unseals_to_the_same_values():
    assert unseal(seal(PREAUTH, SECRET), SECRET, EPOCH, 600) == PREAUTH


def test_a_preauth_sealed_with_another_secret_is_refused():
    with pytest.raises(PreAuthInvalid):
        unseal(seal(PREAUTH, "another-secret-0123456789abcdef"), SECRET, EPOCH, 600)


@pytest.mark.parametrize("position", [0, 5, 20, -3])
def test_any_changed_character_is_detected(position):
    sealed = seal(PREAUTH, SECRET)
    index = position % len(sealed)
    flipped = "A" if sealed[index] != "A" else "B"
    with pytest.raises(PreAuthInvalid):
        unseal(sealed[:index] + flipped + sealed[index + 1 :], SECRET, EPOCH, 600)


def test_a_payload_swapped_from_another_preauth_is_refused():
    other = seal(PreAuth("s2", "n2", "v2", "/", EPOCH), SECRET)
    mine = seal(PREAUTH, SECRET)
    spliced = other.rpartition(".")[0] + "." + mine.rpartition(".")[2]
    with pytest.raises(PreAuthInvalid):
        unseal(spliced, SECRET, EPOCH, 600)


@pytest.mark.parametrize("text", [None, "", "no-dot", "a.b", "." * 5000])
def test_garbage_is_refused(text):
    with pytest.raises(PreAuthInvalid):
        unseal(text, SECRET, EPOCH, 600)


def test_an_old_preauth_has_expired():
    sealed = seal(PREAUTH, SECRET)
    assert unseal(sealed, SECRET, EPOCH + dt.timedelta(seconds=600), 600) == PREAUTH
    with pytest.raises(PreAuthExpired):
        unseal(sealed, SECRET, EPOCH + dt.timedelta(seconds=601), 600)


def test_a_preauth_from_the_future_is_refused():
    with pytest.raises(PreAuthExpired):
        unseal(seal(PREAUTH, SECRET), SECRET, EPOCH - dt.timedelta(minutes=5), 600)


def test_the_verifier_stays_out_of_repr():
    assert "verifier-1" not in repr(PREAUTH)


@given(
    state=st.text(min_size=1),
    nonce=st.text(min_size=1),
    verifier=st.text(min_size=1),
    next_path=st.text(),
)
def test_any_preauth_survives_sealing_with_its_next_made_safe(state, nonce, verifier, next_path):
    preauth = PreAuth(state, nonce, verifier, next_path, EPOCH)
    back = unseal(seal(preauth, SECRET), SECRET, EPOCH, 600)
    assert (back.state, back.nonce, back.code_verifier) == (state, nonce, verifier)
    assert back.next == safe_next(next_path)


def test_a_preauth_never_holds_an_offsite_next():
    assert PreAuth("s", "n", "v", "//evil.example", EPOCH).next == "/"
