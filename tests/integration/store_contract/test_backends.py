"""What only the real backends can show: schema versions, outages, locks, forks."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from plotpress.adapters.postgres import PostgresStore
from plotpress.adapters.sqlite import SqliteStore
from plotpress.ports.store import MetadataStore, SchemaTooNew, StoreUnavailable
from tests.integration.store_contract.builders import T0
from tests.services import fresh_pg_database


def test_sqlite_refuses_a_schema_newer_than_it_knows(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "meta.db")
    store.migrate()
    with sqlite3.connect(tmp_path / "meta.db") as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(SchemaTooNew, match="99"):
        store.migrate()


def test_postgres_refuses_a_schema_newer_than_it_knows(pg_dsn: str) -> None:
    store = PostgresStore(pg_dsn)
    store.migrate()
    with psycopg.connect(pg_dsn, autocommit=True) as raw:
        raw.execute("INSERT INTO schema_version (version, name) VALUES (99, 'future')")
    try:
        with pytest.raises(SchemaTooNew, match="99"):
            store.migrate()
    finally:
        with psycopg.connect(pg_dsn, autocommit=True) as raw:
            raw.execute("DELETE FROM schema_version WHERE version = 99")
        store.close()


def _migrate_together(stores: list[MetadataStore]) -> set[int]:
    start = threading.Barrier(len(stores))

    def migrate(store: MetadataStore) -> int:
        start.wait()
        return store.migrate()

    with ThreadPoolExecutor(len(stores)) as pool:
        return set(pool.map(migrate, stores))


def test_sqlite_replicas_migrating_at_once_converge(tmp_path: Path) -> None:
    # Several rounds on fresh files: opening a new database together once made the
    # switch to WAL answer SQLITE_BUSY at once (about one round in ten).
    for round_ in range(20):
        stores = [SqliteStore(tmp_path / f"meta-{round_}.db") for _ in range(4)]
        assert len(_migrate_together(stores)) == 1  # type: ignore[arg-type]


def test_postgres_replicas_migrating_at_once_converge() -> None:
    with fresh_pg_database("pp_migrate") as dsn:
        stores = [PostgresStore(dsn, pool_size=1) for _ in range(4)]
        try:
            assert len(_migrate_together(stores)) == 1  # type: ignore[arg-type]
            with psycopg.connect(dsn) as raw:
                rows = raw.execute("SELECT version FROM schema_version").fetchall()
            assert sorted(r[0] for r in rows) == list(range(1, len(rows) + 1))
        finally:
            for store in stores:
                store.close()


def test_sqlite_held_locked_beyond_the_busy_timeout_is_unavailable(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "meta.db", busy_timeout_ms=50)
    store.migrate()
    holder = sqlite3.connect(tmp_path / "meta.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"), store.unit_of_work():
            pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("ada@example.com", T0, "u1")


def test_a_sqlite_file_that_is_not_a_database_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "meta.db").write_bytes(b"this is not an SQLite database at all" * 200)
    with pytest.raises(StoreUnavailable):
        SqliteStore(tmp_path / "meta.db").ping()


def test_an_unreachable_postgres_is_unavailable_without_echoing_the_dsn() -> None:
    store = PostgresStore("postgresql://auditor:s3cr3t-pw@127.0.0.1:9/meta", timeout=0.5)
    try:
        with pytest.raises(StoreUnavailable) as caught:
            store.ping()
        text = f"{caught.value!s} {caught.value!r} {store!r}"
        assert "s3cr3t-pw" not in text
        assert "auditor" not in text
        assert caught.value.__cause__ is None
    finally:
        store.close()


def _child_writes(store: MetadataStore, user_id: str) -> None:
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user(f"{user_id}@example.com", T0, user_id)
    store.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_store_used_before_fork_works_in_the_child_and_still_in_the_parent(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store: MetadataStore
    if kind == "sqlite":
        store = SqliteStore(tmp_path / "meta.db")
    else:
        store = PostgresStore(request.getfixturevalue("pg_dsn"))
    store.migrate()
    with store.unit_of_work() as uow:
        uow.users.upsert_email_user("parent@example.com", T0, "parent-1")
    child = multiprocessing.get_context("fork").Process(target=_child_writes, args=(store, "kid"))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    with store.unit_of_work() as uow:
        assert uow.users.get("kid") is not None
        assert uow.users.upsert_email_user("parent2@example.com", T0, "parent-2").id == "parent-2"
    store.close()
