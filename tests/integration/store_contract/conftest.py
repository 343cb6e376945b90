"""The ``store`` fixture: every test here runs once per backend.

PostgreSQL gets one fresh database per test module (created and dropped by
``fresh_pg_database``), emptied before each test; an unreachable server skips, or
fails under PLOTPRESS_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from plotpress.adapters.postgres import PostgresStore
from plotpress.adapters.sqlite import SqliteStore
from plotpress.ports.store import MetadataStore
from tests.fakes.store import InMemoryStore
from tests.services import fresh_pg_database

BACKENDS = ["fake", "sqlite", "postgres"]
TABLES = "users, sessions, otp_codes, rate_limits, audit_log, query_cache, kv"

StoreMaker = Callable[..., MetadataStore]


@pytest.fixture(scope="module")
def pg_dsn() -> Iterator[str]:
    with fresh_pg_database("pp_store") as dsn:
        yield dsn


def empty_pg(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_store(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[StoreMaker]:
    """Build a migrated, empty store of this backend (``max_cache_entries`` may vary)."""
    opened: list[MetadataStore] = []

    def make(*, max_cache_entries: int = 10000) -> MetadataStore:
        store: MetadataStore
        if backend == "fake":
            store = InMemoryStore(max_cache_entries=max_cache_entries)
        elif backend == "sqlite":
            path = tmp_path / f"meta{len(opened)}.db"
            store = SqliteStore(path, max_cache_entries=max_cache_entries)
        else:
            dsn = request.getfixturevalue("pg_dsn")
            store = PostgresStore(dsn, max_cache_entries=max_cache_entries, pool_size=12)
        opened.append(store)
        store.migrate()
        if backend == "postgres":
            empty_pg(request.getfixturevalue("pg_dsn"))
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: StoreMaker) -> MetadataStore:
    return make_store()
