"""The connector registry across reloads: old and new snapshots never close each other's
connectors, and one slow build holds up only the requests that need it."""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping

import attrs

from plotpress.adapters.connector_registry import ConnectorRegistry
from plotpress.domain.workspace import Connection, Dashboard, Driver, ViewDef
from plotpress.ports.connector import Connector
from tests.fakes.connectors import FakeConnector

DEADLINE = 5.0


class ClosingConnector(FakeConnector):
    closed = False

    def close(self) -> None:
        self.closed = True


@attrs.define
class FakeBuilder:
    """Builds ClosingConnectors; a build of a connection named in ``hold`` waits for
    ``release`` after setting ``entered``."""

    hold: set[str] = attrs.Factory(set)
    entered: threading.Event = attrs.Factory(threading.Event)
    release: threading.Event = attrs.Factory(threading.Event)
    calls: list[tuple[Connection, Mapping[str, ViewDef], tuple[str, ...]]] = attrs.Factory(list)

    def __call__(
        self,
        connection: Connection,
        *,
        workspace_root: str,
        views: Mapping[str, ViewDef],
        forbidden_paths: Collection[str] = (),
    ) -> Connector:
        self.calls.append((connection, views, tuple(forbidden_paths)))
        if connection.name in self.hold:
            self.entered.set()
            assert self.release.wait(DEADLINE)
        return ClosingConnector()


def _connection(name: str = "warehouse", **changes: object) -> Connection:
    base = Connection(name=name, driver=Driver.SQLITE, allowed_users=frozenset({"a"}), dsn="x.db")
    return attrs.evolve(base, **changes)


def _dashboard(*connections: Connection, views: dict[str, ViewDef] | None = None) -> Dashboard:
    return Dashboard(
        slug="sales",
        title="Sales",
        pages=(),
        connections={c.name: c for c in connections},
        roles={},
        views=views or {},
    )


def _in_thread(work: object) -> tuple[threading.Thread, list[object]]:
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(work()), daemon=True)  # type: ignore[operator]
    thread.start()
    return thread, out


def test_an_unchanged_connection_keeps_its_connector_across_snapshots() -> None:
    build = FakeBuilder()
    registry = ConnectorRegistry("/ws", build, forbidden_paths=["/var/lib/plotpress.db"])

    first = registry.get(_dashboard(_connection()), _connection())
    again = registry.get(_dashboard(_connection()), _connection())

    assert first is again
    assert [forbidden for _, _, forbidden in build.calls] == [("/var/lib/plotpress.db",)]


def test_old_and_new_snapshots_each_keep_their_own_open_connector() -> None:
    build = FakeBuilder()
    registry = ConnectorRegistry("/ws", build)
    old, new = _connection(), _connection(timeout=60.0)
    old_board, new_board = _dashboard(old), _dashboard(new)

    before = registry.get(old_board, old)
    after = registry.get(new_board, new)
    still = registry.get(old_board, old)

    assert before is not after
    assert still is before
    assert isinstance(before, ClosingConnector)
    assert not before.closed
    assert len(build.calls) == 2


def test_changed_views_get_a_connector_of_their_own() -> None:
    build = FakeBuilder()
    registry = ConnectorRegistry("/ws", build)
    connection = _connection()
    v1 = {"eu": ViewDef("eu", "SELECT 1", "views/eu.sql")}
    v2 = {"eu": ViewDef("eu", "SELECT 2", "views/eu.sql")}

    one = registry.get(_dashboard(connection, views=v1), connection)
    two = registry.get(_dashboard(connection, views=v2), connection)

    assert one is not two
    assert [views for _, views, _ in build.calls] == [v1, v2]


def test_close_closes_every_connector_of_every_snapshot() -> None:
    registry = ConnectorRegistry("/ws", FakeBuilder())
    old, new = _connection(), _connection(timeout=60.0)
    built = [registry.get(_dashboard(old), old), registry.get(_dashboard(new), new)]

    registry.close()

    assert all(isinstance(c, ClosingConnector) and c.closed for c in built)


def test_a_slow_build_does_not_hold_up_other_connections() -> None:
    build = FakeBuilder(hold={"slow"})
    registry = ConnectorRegistry("/ws", build)
    slow, fast = _connection("slow"), _connection("fast")
    waiting, _ = _in_thread(lambda: registry.get(_dashboard(slow), slow))
    assert build.entered.wait(DEADLINE)

    other, got = _in_thread(lambda: registry.get(_dashboard(fast), fast))
    other.join(DEADLINE)
    finished_while_slow_built = not other.is_alive()
    build.release.set()
    waiting.join(DEADLINE)

    assert finished_while_slow_built
    assert isinstance(got[0], ClosingConnector)


def test_requests_for_one_connection_share_a_single_build() -> None:
    build = FakeBuilder(hold={"slow"})
    registry = ConnectorRegistry("/ws", build)
    slow = _connection("slow")
    first, got_first = _in_thread(lambda: registry.get(_dashboard(slow), slow))
    assert build.entered.wait(DEADLINE)
    second, got_second = _in_thread(lambda: registry.get(_dashboard(slow), slow))

    build.release.set()
    first.join(DEADLINE)
    second.join(DEADLINE)

    assert got_first[0] is got_second[0]
    assert len(build.calls) == 1
