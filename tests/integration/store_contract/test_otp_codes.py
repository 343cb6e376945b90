"""OtpRepository: voiding, exact expiry, attempt counting (also under contention), single use."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from plotpress.ports.store import MetadataStore
from tests.integration.store_contract.builders import T0, at, otp_code

THREADS = 8


def test_an_attempt_returns_the_live_code_with_its_attempt_counted(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("c1", "Ada@Example.com"))
    with store.unit_of_work() as uow:
        first = uow.otp_codes.begin_attempt("ada@example.com", at(1), 5)
        second = uow.otp_codes.begin_attempt("ADA@example.com", at(2), 5)
    assert first is not None
    assert second is not None
    assert (first.id, first.code_hash, first.attempts) == ("c1", "hmac-of-c1", 1)
    assert (first.created_at, first.expires_at, first.consumed) == (T0, at(600), False)
    assert second.attempts == 2


def test_attempts_stop_after_max_attempts(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code())
        results = [uow.otp_codes.begin_attempt("ada@example.com", at(1), 3) for _ in range(5)]
    assert [r.attempts if r else None for r in results] == [1, 2, 3, None, None]


def test_a_code_is_dead_exactly_at_its_expiry(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code(expires_at=at(600)))
        assert uow.otp_codes.begin_attempt("ada@example.com", at(599.999999), 5) is not None
        assert uow.otp_codes.begin_attempt("ada@example.com", at(600), 5) is None


def test_a_newer_code_voids_the_older_one(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("old", created_at=T0))
        uow.otp_codes.issue(otp_code("new", "ADA@example.com", created_at=at(30)))
        live = uow.otp_codes.begin_attempt("ada@example.com", at(31), 5)
        assert live is not None
        assert live.id == "new"
        assert uow.otp_codes.consume("old") is False


def test_codes_of_other_addresses_are_untouched(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("ada", "ada@example.com"))
        uow.otp_codes.issue(otp_code("bob", "bob@example.com"))
        assert uow.otp_codes.begin_attempt("ada@example.com", at(1), 5).id == "ada"  # type: ignore[union-attr]
        assert uow.otp_codes.begin_attempt("carol@example.com", at(1), 5) is None


def test_a_consumed_code_cannot_be_attempted_or_consumed_again(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("c1"))
        assert uow.otp_codes.consume("c1") is True
        assert uow.otp_codes.consume("c1") is False
        assert uow.otp_codes.consume("never-issued") is False
        assert uow.otp_codes.begin_attempt("ada@example.com", at(1), 5) is None


def test_purge_removes_codes_expired_at_now_or_consumed(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("edge", "a@example.com", expires_at=at(60)))
        uow.otp_codes.issue(otp_code("used", "b@example.com", expires_at=at(600)))
        uow.otp_codes.issue(otp_code("live", "c@example.com", expires_at=at(61)))
        uow.otp_codes.consume("used")
        assert uow.otp_codes.purge_expired(at(60)) == 2
        assert uow.otp_codes.begin_attempt("c@example.com", at(60), 5) is not None


def _race(calls: int, action: Callable[[], object]) -> list[object]:
    start = threading.Barrier(THREADS)

    def worker(_: int) -> list[object]:
        start.wait()
        return [action() for _ in range(calls)]

    with ThreadPoolExecutor(THREADS) as pool:
        return [r for batch in pool.map(worker, range(THREADS)) for r in batch]


def test_concurrent_attempts_never_exceed_max_attempts(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("c1"))

    def attempt() -> object:
        with store.unit_of_work() as uow:
            found = uow.otp_codes.begin_attempt("ada@example.com", at(1), 5)
            return found.attempts if found else None

    results = _race(4, attempt)
    assert sorted(r for r in results if r is not None) == [1, 2, 3, 4, 5]  # type: ignore[type-var]


def test_concurrent_consumers_see_exactly_one_success(store: MetadataStore) -> None:
    with store.unit_of_work() as uow:
        uow.otp_codes.issue(otp_code("c1"))

    def consume() -> object:
        with store.unit_of_work() as uow:
            return uow.otp_codes.consume("c1")

    assert _race(2, consume).count(True) == 1
