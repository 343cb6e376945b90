"""QueryCache: bytes with a TTL, exact expiry, replacement, purge, size bound."""

from __future__ import annotations

import datetime as dt

from plotpress.ports.store import MetadataStore
from tests.integration.store_contract.builders import T0, at
from tests.integration.store_contract.conftest import StoreMaker

TTL = dt.timedelta(seconds=60)


def test_a_value_is_served_until_just_before_its_ttl_ends(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.cache.put("k", b"\x00rows\xff", T0, TTL)
        assert uow.cache.get("k", at(59.999999)) == b"\x00rows\xff"
        assert uow.cache.get("k", at(60)) is None
        assert uow.cache.get("missing", T0) is None


def test_put_replaces_the_value_and_its_expiry(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.cache.put("k", b"old", T0, TTL)
        uow.cache.put("k", b"new", at(50), TTL)
        assert uow.cache.get("k", at(100)) == b"new"


def test_purge_removes_entries_expired_at_now_inclusive(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.cache.put("a", b"1", T0, dt.timedelta(seconds=10))
        uow.cache.put("b", b"2", T0, dt.timedelta(seconds=20))
        uow.cache.put("c", b"3", T0, dt.timedelta(seconds=21))
        assert uow.cache.purge_expired(at(20)) == 2
        assert uow.cache.get("c", at(20)) == b"3"


def test_beyond_max_entries_the_soonest_expiring_entries_are_evicted(
    make_store: StoreMaker,
) -> None:
    store = make_store(max_cache_entries=3)
    with store.unit_of_work() as uow:
        uow.cache.put("long", b"1", T0, dt.timedelta(seconds=300))
        uow.cache.put("short", b"2", T0, dt.timedelta(seconds=10))
        uow.cache.put("mid", b"3", T0, dt.timedelta(seconds=100))
        uow.cache.put("newest", b"4", T0, dt.timedelta(seconds=200))
        assert uow.cache.get("short", T0) is None
        kept = {k: uow.cache.get(k, T0) for k in ["long", "mid", "newest"]}
        assert kept == {"long": b"1", "mid": b"3", "newest": b"4"}
        for i in range(10):
            uow.cache.put(f"extra{i}", b"x", T0, dt.timedelta(seconds=1000 + i))
        assert [k for k in ["long", "mid", "newest"] if uow.cache.get(k, T0)] == []
        assert uow.cache.purge_expired(at(10_000)) == 3
