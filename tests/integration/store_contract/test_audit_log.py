"""AuditLog: increasing ids, filters, newest-first keyset pagination, purge."""

from __future__ import annotations

import pytest

from plotpress.domain.audit import AuditFilter, Outcome
from plotpress.ports.store import BadCursor, MetadataStore
from tests.integration.store_contract.builders import at, event


def _append(store: MetadataStore, *events: object) -> list[int]:
    with store.unit_of_work() as uow:
        return [uow.audit.append(e) for e in events]  # type: ignore[arg-type]


def _all_pages(store: MetadataStore, flt: AuditFilter, limit: int) -> list[int]:
    ids: list[int] = []
    cursor = None
    while True:
        with store.unit_of_work() as uow:
            page = uow.audit.query(flt, limit, cursor)
        ids += [e.id for e in page.events]  # type: ignore[misc]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def test_an_appended_event_reads_back_whole_with_a_strictly_increasing_id(
    store: MetadataStore,
) -> None:
    original = event(at(5))
    ids = _append(store, original, event(at(1)), event(at(9)))
    assert ids == sorted(ids)
    assert len(set(ids)) == 3
    with store.unit_of_work() as uow:
        page = uow.audit.query(AuditFilter(), 10)
    assert [e.id for e in page.events] == ids[::-1]
    assert page.next_cursor is None
    read = page.events[-1]
    assert read.id == ids[0]
    assert read.at == at(5)
    assert (read.user, read.dashboard, read.page, read.kind) == (
        original.user,
        original.dashboard,
        original.page,
        original.kind,
    )
    assert (read.name, read.connection, read.params) == (
        "monthly_revenue",
        "warehouse",
        {"year": "2026", "region": "EMEA"},
    )
    assert (read.duration_ms, read.row_count, read.cached, read.outcome) == (
        12.5,
        42,
        False,
        Outcome.OK,
    )
    assert (read.error, read.fallback, read.workspace_version) == (None, False, None)


def test_optional_fields_survive_the_round_trip(store: MetadataStore) -> None:
    import attrs

    full = attrs.evolve(
        event(),
        user=None,
        page=None,
        connection=None,
        row_count=None,
        cached=True,
        outcome=Outcome.ERROR,
        error="relation missing",
        fallback=True,
        workspace_version="abc123",
        params={},
    )
    _append(store, full)
    with store.unit_of_work() as uow:
        (read,) = uow.audit.query(AuditFilter(), 1).events
    assert attrs.evolve(read, id=None) == full


def test_filters_combine_and_until_is_exclusive(store: MetadataStore) -> None:
    ids = _append(
        store,
        event(at(10), dashboard="sales", user="ada", outcome=Outcome.OK),
        event(at(20), dashboard="sales", user="bob", outcome=Outcome.DENIED),
        event(at(30), dashboard="ops", user="ada", outcome=Outcome.OK),
        event(at(40), dashboard="sales", user="ada", outcome=Outcome.TIMEOUT),
    )
    cases = {
        AuditFilter(since=at(20)): [ids[3], ids[2], ids[1]],
        AuditFilter(until=at(30)): [ids[1], ids[0]],
        AuditFilter(since=at(20), until=at(40)): [ids[2], ids[1]],
        AuditFilter(dashboard="sales"): [ids[3], ids[1], ids[0]],
        AuditFilter(user="ada"): [ids[3], ids[2], ids[0]],
        AuditFilter(outcome=Outcome.OK): [ids[2], ids[0]],
        AuditFilter(dashboard="sales", user="ada", outcome=Outcome.OK): [ids[0]],
        AuditFilter(dashboard="nowhere"): [],
    }
    for flt, expected in cases.items():
        assert _all_pages(store, flt, 10) == expected, flt


def test_pages_are_stable_while_rows_are_appended_between_them(store: MetadataStore) -> None:
    first_batch = _append(store, *[event(at(i)) for i in range(25)])
    seen: list[int] = []
    cursor = None
    for round_ in range(10):
        with store.unit_of_work() as uow:
            page = uow.audit.query(AuditFilter(dashboard="sales"), 7, cursor)
        seen += [e.id for e in page.events]  # type: ignore[misc]
        _append(store, event(at(100 + round_)), event(at(100 + round_), dashboard="ops"))
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == first_batch[::-1]


def test_the_last_full_page_has_no_next_cursor(store: MetadataStore) -> None:
    _append(store, *[event(at(i)) for i in range(6)])
    with store.unit_of_work() as uow:
        first = uow.audit.query(AuditFilter(), 3)
        assert first.next_cursor is not None
        second = uow.audit.query(AuditFilter(), 3, first.next_cursor)
    assert len(second.events) == 3
    assert second.next_cursor is None


@pytest.mark.parametrize("cursor", ["", "garbage", "!!!", "YTE6OTk", "eDo1OmFiYw"])
def test_a_cursor_the_store_did_not_issue_is_refused(store: MetadataStore, cursor: str) -> None:
    with pytest.raises(BadCursor), store.unit_of_work() as uow:
        uow.audit.query(AuditFilter(), 10, cursor)


def test_a_cursor_is_refused_with_a_different_filter(store: MetadataStore) -> None:
    _append(store, *[event(at(i)) for i in range(4)])
    with store.unit_of_work() as uow:
        cursor = uow.audit.query(AuditFilter(dashboard="sales"), 2).next_cursor
    assert cursor is not None
    with pytest.raises(BadCursor), store.unit_of_work() as uow:
        uow.audit.query(AuditFilter(dashboard="ops"), 2, cursor)


def test_a_limit_below_one_is_refused(store: MetadataStore) -> None:
    with pytest.raises(ValueError, match="limit"), store.unit_of_work() as uow:
        uow.audit.query(AuditFilter(), 0)


def test_purge_deletes_events_strictly_older_than_the_cutoff_and_ids_never_repeat(
    store: MetadataStore,
) -> None:
    ids = _append(store, event(at(10)), event(at(20)), event(at(30)))
    with store.unit_of_work() as uow:
        assert uow.audit.purge_older_than(at(20)) == 1
        assert [e.id for e in uow.audit.query(AuditFilter(), 10).events] == [ids[2], ids[1]]
        assert uow.audit.purge_older_than(at(31)) == 2
    (later,) = _append(store, event(at(40)))
    assert later > ids[2]
