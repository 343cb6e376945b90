"""What every pooled SQL connector shares: deadlines, the watchdog, pool leases, errors."""

from __future__ import annotations

import abc
import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from plotpress.adapters.connectors import errors
from plotpress.adapters.connectors.pool import Pool
from plotpress.adapters.connectors.watchdog import Watchdog
from plotpress.domain.workspace import PoolSettings
from plotpress.ports.connector import (
    Column,
    ConnectorError,
    Placeholder,
    QueryTimeout,
    ResultSet,
    Statement,
)

C = TypeVar("C")
R = TypeVar("R")


def fetch_capped(cursor: Any, max_rows: int | None) -> tuple[list[Sequence[object]], bool]:
    """At most ``max_rows`` rows, reading one more to tell whether the result was cut."""
    if max_rows is None:
        return list(cursor.fetchall()), False
    rows = list(cursor.fetchmany(max_rows + 1))
    return rows[:max_rows], len(rows) > max_rows


class PooledConnector(abc.ABC, Generic[C]):
    """A Connector over DB-API connections kept in a Pool. Subclasses speak the driver."""

    dialect: str
    placeholder: Placeholder = Placeholder.QMARK
    grace: float = 0.0
    """Seconds the server's own timeout gets before the client-side interrupt."""

    def __init__(self, name: str, pool: PoolSettings, secrets: Sequence[str | None] = ()) -> None:
        self.name = name
        self._secrets = errors.secret_forms(*secrets)
        self._pool: Pool[C] = Pool(self._open, self._close_quietly, pool)
        self._running: set[Watchdog] = set()
        self._running_lock = threading.Lock()

    # -- what a driver provides ------------------------------------------------------------

    @abc.abstractmethod
    def _open(self, seconds_left: float) -> C:
        """A new connection, set up read-only; raise a ConnectorError on failure."""

    @abc.abstractmethod
    def _close(self, conn: C) -> None: ...

    @abc.abstractmethod
    def _run(
        self, conn: C, statement: Statement, deadline: float, max_rows: int | None
    ) -> ResultSet: ...

    @abc.abstractmethod
    def _interrupt(self, conn: C) -> None:
        """Stop the statement running on ``conn``; called from another thread."""

    @abc.abstractmethod
    def _translate(self, exc: Exception, relation: str | None) -> ConnectorError:
        """The port's error for a driver error (``relation`` set when looking one up)."""

    def _reusable(self, conn: C) -> bool:
        """Whether ``conn`` may go back to the pool after its statement."""
        return True

    # -- the Connector port ----------------------------------------------------------------

    def quote_identifier(self, name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def execute(self, statement: Statement, *, timeout: float, max_rows: int | None) -> ResultSet:
        return self._guarded(
            lambda conn, deadline: self._run(conn, statement, deadline, max_rows), timeout
        )

    probe_rows = 0
    """Rows read to learn column types: 0 where the driver reports result types."""

    def relation_columns(self, relation: str, timeout: float) -> tuple[Column, ...]:
        quoted = self.quote_identifier(relation)
        sql = f"SELECT * FROM {quoted} LIMIT {self.probe_rows}"  # noqa: S608 - quoted identifier
        probe = Statement(sql)
        result = self._guarded(
            lambda conn, deadline: self._run(conn, probe, deadline, self.probe_rows),
            timeout,
            relation,
        )
        return result.columns

    def cancel_all(self) -> None:
        with self._running_lock:
            running = list(self._running)
        for dog in running:
            dog.fire()

    def close(self) -> None:
        self.cancel_all()
        self._pool.close()

    # -- shared machinery ------------------------------------------------------------------

    def _guarded(
        self, work: Callable[[C, float], R], timeout: float, relation: str | None = None
    ) -> R:
        deadline = time.monotonic() + timeout
        with self._pool.lease(deadline) as lease:
            dog = Watchdog(deadline, lambda: self._interrupt(lease.conn), grace=self.grace)
            with self._running_lock:
                self._running.add(dog)
            try:
                with dog:
                    try:
                        result = work(lease.conn, deadline)
                    except Exception as exc:
                        if dog.expired or not self._reusable(lease.conn):
                            lease.discard()
                        if dog.expired:
                            raise self._timeout(timeout) from None
                        raise self._error(exc, relation) from None
                if not self._reusable(lease.conn):
                    lease.discard()
                if dog.expired:
                    # Some engines end an interrupted statement early with a normal-looking
                    # result (MySQL's SLEEP returns 1): past the deadline nothing is trusted.
                    lease.discard()
                    raise self._timeout(timeout)
                return result
            finally:
                with self._running_lock:
                    self._running.discard(dog)

    def _timeout(self, timeout: float) -> QueryTimeout:
        return QueryTimeout(f"the query ran longer than its timeout of {timeout:g} s")

    def _error(self, exc: Exception, relation: str | None) -> ConnectorError:
        error = exc if isinstance(exc, ConnectorError) else self._translate(exc, relation)
        return type(error)(self.scrub(str(error)))

    def scrub(self, message: str) -> str:
        return errors.scrub(message, self._secrets)

    def _close_quietly(self, conn: C) -> None:
        # A connection that fails to close is gone anyway.
        with contextlib.suppress(Exception):
            self._close(conn)
