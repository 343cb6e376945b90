"""SessionRepository: lookup by token hash, exact expiry, cached roles, deletion."""

from __future__ import annotations

import pytest

from plotpress.ports.store import MetadataStore, StoreError
from tests.integration.store_contract.builders import T0, at, session, user


def test_a_created_session_reads_back_with_its_claims_and_no_roles(store: MetadataStore) -> None:
    uid = user(store)
    with store.unit_of_work() as uow:
        uow.sessions.create(session(uid, "h1", email="ada@example.com", groups=["a", "b"], n=3))
    with store.unit_of_work() as uow:
        found = uow.sessions.get("h1", at(10))
    assert found is not None
    assert found.user_id == uid
    assert found.claims == {"email": "ada@example.com", "groups": ["a", "b"], "n": 3}
    assert (found.created_at, found.expires_at) == (T0, at(3600))
    assert found.roles is None


def test_a_session_is_live_until_just_before_expiry_and_dead_exactly_at_it(
    store: MetadataStore,
) -> None:
    uid = user(store)
    with store.unit_of_work() as uow:
        uow.sessions.create(session(uid, "h1", expires_at=at(100)))
        assert uow.sessions.get("h1", at(99.999999)) is not None
        assert uow.sessions.get("h1", at(100)) is None
        assert uow.sessions.get("unknown", T0) is None


def test_roles_are_cached_per_dashboard_and_cleared_for_one_user_or_everyone(
    store: MetadataStore,
) -> None:
    ada, bob = user(store, "ada@example.com"), user(store, "bob@example.com")
    roles = {"sales": frozenset({"analyst", "viewer"}), "ops": frozenset()}
    with store.unit_of_work() as uow:
        uow.sessions.create(session(ada, "a1"))
        uow.sessions.create(session(ada, "a2"))
        uow.sessions.create(session(bob, "b1"))
        uow.sessions.set_roles("a1", roles)
        uow.sessions.set_roles("b1", {"sales": frozenset({"viewer"})})
        uow.sessions.set_roles("missing", roles)
        assert uow.sessions.get("a1", T0).roles == roles  # type: ignore[union-attr]
        assert uow.sessions.clear_roles(ada) == 1
        assert uow.sessions.get("a1", T0).roles is None  # type: ignore[union-attr]
        assert uow.sessions.get("b1", T0).roles is not None  # type: ignore[union-attr]
        assert uow.sessions.clear_roles() == 1
        assert uow.sessions.clear_roles() == 0


def test_delete_ends_one_session_and_delete_for_user_ends_all_of_theirs(
    store: MetadataStore,
) -> None:
    ada, bob = user(store, "ada@example.com"), user(store, "bob@example.com")
    with store.unit_of_work() as uow:
        for token, owner in [("a1", ada), ("a2", ada), ("b1", bob)]:
            uow.sessions.create(session(owner, token))
        assert uow.sessions.delete("a1") is True
        assert uow.sessions.delete("a1") is False
        assert uow.sessions.delete_for_user(ada) == 1
        assert uow.sessions.delete_for_user(ada) == 0
        assert uow.sessions.get("b1", T0) is not None


def test_purge_removes_sessions_expired_at_now_inclusive(store: MetadataStore) -> None:
    uid = user(store)
    with store.unit_of_work() as uow:
        uow.sessions.create(session(uid, "early", expires_at=at(10)))
        uow.sessions.create(session(uid, "edge", expires_at=at(20)))
        uow.sessions.create(session(uid, "late", expires_at=at(21)))
        assert uow.sessions.purge_expired(at(20)) == 2
        assert uow.sessions.get("late", at(20)) is not None
        assert uow.sessions.purge_expired(at(20)) == 0


def test_a_session_needs_an_existing_user_and_a_unique_token_hash(store: MetadataStore) -> None:
    uid = user(store)
    with pytest.raises(StoreError), store.unit_of_work() as uow:
        uow.sessions.create(session("no-such-user", "h1"))
    with store.unit_of_work() as uow:
        uow.sessions.create(session(uid, "h1"))
    with pytest.raises(StoreError), store.unit_of_work() as uow:
        uow.sessions.create(session(uid, "h1"))
