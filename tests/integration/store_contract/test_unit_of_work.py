"""The store itself: atomic units of work, migrate(), ping() and close()."""

from __future__ import annotations

import datetime as dt

import pytest

from plotpress.domain.audit import AuditFilter
from plotpress.ports.store import MetadataStore, StoreError
from tests.integration.store_contract.builders import T0, at, event, otp_code, session


class Boom(Exception):
    pass


def _write_everywhere_then_fail(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("bob@example.com", T0, "u2")
        uow.sessions.create(session("u1", "h1"))
        uow.otp_codes.issue(otp_code("c1"))
        uow.audit.append(event())
        uow.cache.put("k", b"v", T0, dt.timedelta(seconds=60))
        uow.kv.get_or_create("k", lambda: "v")
        uow.rate_limits.hit("b", T0, dt.timedelta(seconds=60))
        uow.users.touch("u1", at(100), dt.timedelta(0))
        raise Boom


def test_an_exception_inside_a_unit_of_work_leaves_nothing_written(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")
    with pytest.raises(Boom):
        _write_everywhere_then_fail(store)
    with store.unit_of_work() as uow:
        assert uow.users.get("u2") is None
        assert uow.users.get("u1").last_seen_at == T0  # type: ignore[union-attr]
        assert uow.sessions.get("h1", T0) is None
        assert uow.otp_codes.consume("c1") is False
        assert uow.audit.query(AuditFilter(), 10).events == ()
        assert uow.kv.get_or_create("k", lambda: "fresh") == "fresh"
        assert uow.cache.get("k", T0) is None
        assert uow.rate_limits.hit("b", T0, dt.timedelta(seconds=60)) == 1


def _create_user_then_orphan_session(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")
        uow.sessions.create(session("no-such-user", "h1"))


def test_a_failed_statement_rolls_back_the_whole_unit_of_work(store: MetadataStore) -> None:
    with pytest.raises(StoreError):
        _create_user_then_orphan_session(store)
    with store.unit_of_work() as uow:
        assert uow.users.get("u1") is None


def test_the_store_is_usable_after_a_rolled_back_unit_of_work(store: MetadataStore) -> None:
    with pytest.raises(Boom), store.unit_of_work():
        raise Boom
    with store.unit_of_work() as uow:
        assert uow.users.upsert_email_user("ada@example.com", T0, "u1").id == "u1"


def test_a_nested_unit_of_work_on_one_thread_is_refused(store: MetadataStore) -> None:
    with store.unit_of_work(), pytest.raises(StoreError), store.unit_of_work():
        pass


def test_migrate_is_idempotent_and_keeps_data(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")
    version = store.migrate()
    assert version >= 1
    assert store.migrate() == version
    with store.unit_of_work() as uow:
        assert uow.users.get("u1") is not None


def test_ping_answers_and_close_then_reuse_reopens(store: MetadataStore) -> None:
    store.ping()
    store.close()
    with store.unit_of_work() as uow:
        assert uow.users.upsert_email_user("ada@example.com", T0, "u1").id == "u1"
