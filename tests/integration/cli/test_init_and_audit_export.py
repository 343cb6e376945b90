"""`plotpress init` scaffolds a workspace that validates and runs; `audit export` reads
the log back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from plotpress.adapters.connectors import build_connector
from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.entrypoints.cli import main
from plotpress.ports.connector import Statement


def test_init_writes_a_workspace_that_validates_and_answers_queries(tmp_path: Path, capsys):
    assert main(["init", str(tmp_path), "--email", "Me@Example.com"]) == 0
    assert "plotpress serve" in capsys.readouterr().out
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 dashboards, 1 pages, 2 blocks")
    workspace = FilesystemWorkspace(tmp_path, {}).load()
    dashboard = workspace.dashboards["sales"]
    assert dashboard.roles["team"].members == {"me@example.com"}
    connector = build_connector(dashboard.connections["csv"], workspace_root=str(tmp_path))
    try:
        result = connector.execute(
            Statement("SELECT count(*) FROM sales"), timeout=10, max_rows=None
        )
    finally:
        connector.close()
    assert result.rows == ((24,),)


def test_init_never_overwrites_an_existing_workspace(tmp_path: Path, capsys):
    (tmp_path / "plotpress.yaml").write_text("listen: 127.0.0.1:9000\n")
    assert main(["init", str(tmp_path)]) == 1
    assert "already exists; nothing was written" in capsys.readouterr().out
    assert (tmp_path / "plotpress.yaml").read_text() == "listen: 127.0.0.1:9000\n"
    assert not (tmp_path / "dashboards").exists()


def test_audit_export_writes_every_event_newest_first(tmp_path: Path, capsys, monkeypatch):
    from plotpress.adapters.sqlite import SqliteStore
    from tests.unit.test_maintenance import _event

    main(["init", str(tmp_path)])
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plotpress").mkdir()
    store = SqliteStore(tmp_path / ".plotpress" / "plotpress.db")
    store.migrate()
    from tests.fakes.clock import EPOCH

    with store.unit_of_work() as uow:
        for day in range(3):
            uow.audit.append(_event(EPOCH.replace(day=1 + day)))
    store.close()
    assert main(["audit", "export", str(tmp_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["at"][:10] for r in rows] == ["2026-01-03", "2026-01-02", "2026-01-01"]
    assert (
        main(
            [
                "audit",
                "export",
                str(tmp_path),
                "--format",
                "jsonl",
                "--since",
                "2026-01-02T00:00:00Z",
            ]
        )
        == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["at"][:10] for e in lines] == ["2026-01-03", "2026-01-02"]


def test_init_writes_addresses_yaml_would_misread_as_plain_strings(tmp_path: Path, capsys):
    assert main(["init", str(tmp_path), "--email", "*ops@example.com"]) == 0
    capsys.readouterr()
    workspace = FilesystemWorkspace(tmp_path, {}).load()
    assert workspace.dashboards["sales"].roles["team"].members == {"*ops@example.com"}
