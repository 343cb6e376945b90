"""Access to the real services the integration tests use, and the skip-or-fail rule.

On a developer machine without PostgreSQL, MariaDB or Chromium the tests that need them
skip with the reason; with PLOTPRESS_REQUIRE_SERVICES=1 (set by .ci/run) they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_HOST = os.environ.get("PLOTPRESS_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("PLOTPRESS_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("PLOTPRESS_TEST_PG_USER", "postgres")
MARIADB_HOST = os.environ.get("PLOTPRESS_TEST_MARIADB_HOST", "127.0.0.1")
MARIADB_PORT = int(os.environ.get("PLOTPRESS_TEST_MARIADB_PORT", "3306"))
MARIADB_USER = os.environ.get("PLOTPRESS_TEST_MARIADB_USER", "root")
CHROMIUM = os.environ.get("PLOTPRESS_TEST_CHROMIUM", "/usr/bin/chromium")


def services_required() -> bool:
    return os.environ.get("PLOTPRESS_REQUIRE_SERVICES") == "1"


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when services are required."""
    if services_required():
        pytest.fail(f"required service unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def pg_dsn(dbname: str) -> str:
    return f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{dbname}"


@contextmanager
def fresh_pg_database(prefix: str = "pp_test") -> Iterator[str]:
    """Create an empty PostgreSQL database, yield its DSN, drop it afterwards."""
    if not port_open(PG_HOST, PG_PORT):
        unavailable(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_dsn(name)
    finally:
        with psycopg.connect(pg_dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_mariadb_database(prefix: str = "pp_test") -> Iterator[dict[str, object]]:
    """Create an empty MariaDB database; yield PyMySQL connect() arguments for it."""
    if not port_open(MARIADB_HOST, MARIADB_PORT):
        unavailable(f"MariaDB is not reachable on {MARIADB_HOST}:{MARIADB_PORT}")
    import pymysql

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    base: dict[str, object] = {
        "host": MARIADB_HOST,
        "port": MARIADB_PORT,
        "user": MARIADB_USER,
        "password": "",
    }
    admin = pymysql.connect(**base, autocommit=True)  # type: ignore[arg-type]
    try:
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        yield {**base, "database": name}
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()


def chromium_path() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if path is None:
        unavailable(f"Chromium not found at {CHROMIUM}")
    return str(path)
