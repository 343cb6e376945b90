"""``plotpress validate``: a summary and exit 0, or every problem and exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plotpress.entrypoints.cli import main
from tests.integration.workspace.conftest import WorkspaceDir

DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"


def test_the_demo_workspace_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(DEMO)])

    assert code == 0
    assert capsys.readouterr().out == "ok: 2 dashboards, 4 pages, 9 blocks, 3 connections\n"


def test_a_valid_workspace_prints_a_summary(
    ws: WorkspaceDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAREHOUSE_DSN", "postgresql://x@y/z")

    code = main(["validate", str(ws.root)])

    assert code == 0
    assert capsys.readouterr().out == "ok: 1 dashboards, 1 pages, 1 blocks, 1 connections\n"


def test_the_workspace_defaults_to_the_environment_variable(
    ws: WorkspaceDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAREHOUSE_DSN", "postgresql://x@y/z")
    monkeypatch.setenv("PLOTPRESS_WORKSPACE", str(ws.root))

    assert main(["validate"]) == 0


def test_problems_are_printed_one_per_line_with_exit_1(
    ws: WorkspaceDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WAREHOUSE_DSN", raising=False)
    ws.write("dashboards/sales/dashboard.yaml", "connection: warehouse\n")

    code = main(["validate", str(ws.root)])

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        "dashboards/sales/connections.yaml:3: warehouse.dsn: "
        "environment variable 'WAREHOUSE_DSN' is not set",
        "dashboards/sales/dashboard.yaml:1: title: required key is missing",
    ]


def test_json_output_lists_problems_with_their_parts(
    ws: WorkspaceDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAREHOUSE_DSN", "postgresql://x@y/z")
    ws.write("dashboards/sales/dashboard.yaml", "connection: warehouse\n")

    code = main(["validate", str(ws.root), "--format", "json"])

    assert code == 1
    assert json.loads(capsys.readouterr().out) == {
        "ok": False,
        "problems": [
            {
                "file": "dashboards/sales/dashboard.yaml",
                "line": 1,
                "key": "title",
                "message": "required key is missing",
                "text": "dashboards/sales/dashboard.yaml:1: title: required key is missing",
            }
        ],
    }
