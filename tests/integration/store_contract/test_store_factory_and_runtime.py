"""Choosing a store from the storage URL, and the SQLite runtime warning."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from plotpress.adapters.postgres import PostgresStore
from plotpress.adapters.sqlite import SqliteStore, has_wal_reset_bug, sqlite_runtime_warnings
from plotpress.adapters.sqlite.runtime import log_sqlite_runtime_warnings
from plotpress.adapters.store_factory import open_store


def test_a_relative_sqlite_url_lands_under_base_dir_with_its_directory_created(
    tmp_path: Path,
) -> None:
    store = open_store("sqlite:///.plotpress/meta.db", base_dir=str(tmp_path))
    assert isinstance(store, SqliteStore)
    store.migrate()
    assert (tmp_path / ".plotpress" / "meta.db").is_file()
    store.close()


def test_an_absolute_sqlite_url_is_used_as_is(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path}/deep/er/meta.db", base_dir="/nonexistent")
    assert isinstance(store, SqliteStore)
    assert store.path == f"{tmp_path}/deep/er/meta.db"
    assert (tmp_path / "deep" / "er").is_dir()


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_postgres_url_selects_postgres_without_connecting(scheme: str) -> None:
    store = open_store(f"{scheme}://user:pw@127.0.0.1:9/db")
    assert isinstance(store, PostgresStore)
    store.close()


@pytest.mark.parametrize(
    "url", ["mysql://root:hunter2@db/meta", "hunter2", "sqlite://hunter2.db", "sqlite:///:memory:"]
)
def test_an_unsupported_url_names_the_scheme_only(url: str) -> None:
    with pytest.raises(ValueError, match="scheme") as caught:
        open_store(url)
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ("3.6.23", False),
        ("3.7.0", True),
        ("3.40.1", True),
        ("3.44.5", True),
        ("3.44.6", False),
        ("3.45.0", True),
        ("3.50.6", True),
        ("3.50.7", False),
        ("3.51.2", True),
        ("3.51.3", False),
        ("3.52.0", False),
        ("3.53.1", False),
    ],
)
def test_the_wal_reset_bug_is_recognised_by_version(version: str, affected: bool) -> None:
    assert has_wal_reset_bug(version) is affected
    assert bool(sqlite_runtime_warnings(version)) is affected


def test_an_affected_sqlite_is_logged_as_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        warnings = log_sqlite_runtime_warnings("3.45.1")
    assert len(warnings) == 1
    assert "walresetbug" in caplog.text
