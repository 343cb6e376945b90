"""Reloading the workspace: only a valid one replaces the snapshot in force."""

from __future__ import annotations

import attrs

from plotpress.entrypoints.wsgi.watcher import WorkspaceWatcher
from plotpress.ports.workspace_source import WorkspaceProblem
from plotpress.services.reload import ReloadResult, reload_workspace
from plotpress.services.workspace_state import WorkspaceState
from tests.fakes.workspace_source import StaticSource
from tests.unit.query.builders import sales_workspace

BROKEN = WorkspaceProblem("dashboards/sales/users.yaml", "expected a mapping", line=1)


def test_a_valid_workspace_replaces_the_snapshot():
    old, new = sales_workspace(), attrs.evolve(sales_workspace(), version="v2")
    state = WorkspaceState(old)
    result = reload_workspace(StaticSource(new), state)
    assert result == ReloadResult(True, "v2")
    assert state.current is new


def test_an_invalid_workspace_keeps_the_old_one_serving_and_says_why():
    old = sales_workspace()
    state = WorkspaceState(old)
    result = reload_workspace(StaticSource(old, problems=[BROKEN]), state)
    assert not result.ok
    assert result.version == old.version
    assert result.problems == ("dashboards/sales/users.yaml:1: expected a mapping",)
    assert state.current is old


def test_the_watcher_reloads_only_when_the_fingerprint_changes():
    prints = iter(["a", "a", "b", "b"])
    calls: list[int] = []

    def reload() -> ReloadResult:
        calls.append(1)
        return ReloadResult(True, "v")

    watcher = WorkspaceWatcher(reload, lambda: next(prints))
    assert watcher.check() is None
    assert watcher.check() == ReloadResult(True, "v")
    assert watcher.check() is None
    assert calls == [1]
