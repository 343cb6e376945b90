"""UserRepository: OTP and OIDC identities, e-mail lookup, throttled last-seen."""

from __future__ import annotations

import datetime as dt

import pytest

from plotpress.ports.store import MetadataStore, StoreError
from tests.integration.store_contract.builders import T0, at

MINUTE = dt.timedelta(minutes=1)


def test_an_email_user_is_created_once_and_found_again_by_any_case(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        first = uow.users.upsert_email_user("Ada@Example.COM", T0, "u1")
        again = uow.users.upsert_email_user("ada@example.com", at(5), "u2")
        assert first.email == "ada@example.com"
        assert again == first
        assert uow.users.get("u1") == first
        assert uow.users.get("u2") is None
        assert first.created_at == T0
        assert first.last_seen_at == T0


def test_an_oidc_user_is_keyed_by_issuer_and_subject_and_gets_its_email_refreshed(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        made = uow.users.upsert_oidc_user("https://idp", "sub-1", "old@example.com", T0, "o1")
        moved = uow.users.upsert_oidc_user("https://idp", "sub-1", "New@Example.com", at(9), "o2")
        other = uow.users.upsert_oidc_user("https://other", "sub-1", None, at(9), "o3")
        assert (made.id, made.issuer, made.subject) == ("o1", "https://idp", "sub-1")
        assert moved.id == "o1"
        assert moved.email == "New@Example.com"
        assert moved.created_at == T0
        assert other.id == "o3"
        assert other.email is None


def test_an_oidc_login_without_an_email_claim_keeps_the_known_address(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_oidc_user("https://idp", "sub-1", "ada@example.com", T0, "o1")
        again = uow.users.upsert_oidc_user("https://idp", "sub-1", None, at(1), "o2")
        assert again.email == "ada@example.com"


def test_find_by_email_returns_otp_and_oidc_users_alike_case_insensitively(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")
        uow.users.upsert_oidc_user("https://idp", "s", "ADA@example.com", at(1), "o1")
        uow.users.upsert_email_user("bob@example.com", T0, "u2")
        found = uow.users.find_by_email("Ada@Example.com")
        assert [u.id for u in found] == ["u1", "o1"]
        assert uow.users.find_by_email("nobody@example.com") == []


def test_touch_writes_last_seen_only_once_the_interval_has_passed(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")
        assert uow.users.touch("u1", at(30), MINUTE) is False
        assert uow.users.touch("u1", at(60), MINUTE) is True
        assert uow.users.touch("u1", at(119), MINUTE) is False
        assert uow.users.get("u1").last_seen_at == at(60)  # type: ignore[union-attr]


def test_touch_never_moves_last_seen_backwards_and_ignores_unknown_users(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", at(100), "u1")
        assert uow.users.touch("u1", at(50), dt.timedelta(0)) is False
        assert uow.users.touch("ghost", at(500), MINUTE) is False


def test_creating_a_user_with_an_id_already_taken_is_a_store_error(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")
    with pytest.raises(StoreError), store.unit_of_work() as uow:
        uow.users.upsert_email_user("bob@example.com", T0, "u1")


def test_naive_datetimes_are_refused(store: MetadataStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"), store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", dt.datetime(2026, 1, 1), "u1")
