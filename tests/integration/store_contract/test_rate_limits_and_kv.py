"""RateLimiter fixed windows and KeyValue first-writer-wins."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from plotpress.ports.store import MetadataStore
from tests.integration.store_contract.builders import T0, at

MINUTE = dt.timedelta(minutes=1)


def test_hits_count_up_within_a_fixed_window_and_restart_in_the_next(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        counts = [uow.rate_limits.hit("email:ada", at(s), MINUTE) for s in (0, 10, 59.999999)]
        assert counts == [1, 2, 3]
        assert uow.rate_limits.hit("email:ada", at(60), MINUTE) == 1
        assert uow.rate_limits.hit("email:ada", at(61), MINUTE) == 2


def test_buckets_and_window_sizes_are_counted_separately(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.rate_limits.hit("email:ada", T0, MINUTE)
        assert uow.rate_limits.hit("email:bob", T0, MINUTE) == 1
        assert uow.rate_limits.hit("ip:10.0.0.1", T0, dt.timedelta(hours=1)) == 1


def test_hits_committed_by_separate_units_of_work_accumulate(store: MetadataStore) -> None:
    for expected in (1, 2, 3):
        with store.unit_of_work() as uow:
            assert uow.rate_limits.hit("ip:10.0.0.1", at(expected), MINUTE) == expected


def test_get_or_create_stores_the_first_value_and_never_calls_the_factory_again(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        assert uow.kv.get_or_create("secret_key", lambda: "first") == "first"
    with store.unit_of_work() as uow:
        assert uow.kv.get_or_create("secret_key", lambda: 1 / 0) == "first"  # type: ignore[arg-type,return-value]
        assert uow.kv.get_or_create("other", lambda: "x") == "x"


def test_concurrent_first_writers_all_get_the_winners_value(store: MetadataStore) -> None:
    start = threading.Barrier(6)

    def create(n: int) -> str:
        start.wait()
        with store.unit_of_work() as uow:
            return uow.kv.get_or_create("secret_key", lambda: f"value-{n}")

    with ThreadPoolExecutor(6) as pool:
        values = set(pool.map(create, range(6)))
    assert len(values) == 1


def test_purging_drops_every_bucket_window_that_started_before_the_cutoff(
    store: MetadataStore,
) -> None:
    with store.unit_of_work() as uow:
        uow.rate_limits.hit("email:ada", at(0), MINUTE)
        uow.rate_limits.hit("ip:10.0.0.1", at(30), MINUTE)
        uow.rate_limits.hit("email:bob", at(120), MINUTE)
    with store.unit_of_work() as uow:
        assert uow.rate_limits.purge_older_than(at(60)) == 2
        assert uow.rate_limits.purge_older_than(at(60)) == 0
        assert uow.rate_limits.hit("email:bob", at(130), MINUTE) == 2
        assert uow.rate_limits.hit("email:ada", at(130), MINUTE) == 1
