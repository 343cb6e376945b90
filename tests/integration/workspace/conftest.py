"""A small valid workspace in tmp_path that each test breaks in one way."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.domain.workspace import Workspace
from plotpress.ports.workspace_source import WorkspaceInvalid, WorkspaceProblem

SECRET_DSN = "postgresql://app:s3cret-pa55@db.internal:5432/sales"
ENVIRON = {"WAREHOUSE_DSN": SECRET_DSN}

BASE_FILES = {
    "plotpress.yaml": """\
        listen: 127.0.0.1:8080
        """,
    "dashboards/sales/dashboard.yaml": """\
        title: Sales
        connection: warehouse
        """,
    "dashboards/sales/users.yaml": """\
        viewers:
          members: [demo@example.com]
        analysts:
          members: [analyst@example.com]
        """,
    "dashboards/sales/connections.yaml": """\
        warehouse:
          driver: postgres
          dsn: ${WAREHOUSE_DSN}
          allowed_users: [viewers, analysts]
          timeout: 30s
        """,
    "dashboards/sales/index.md": """\
        # Sales

        ```plot view=monthly_revenue
        Plot.barY(data, {x: "month", y: "revenue"})
        ```
        """,
    "dashboards/sales/queries/top.sql": """\
        -- @param region enum(EU,NA) default EU
        -- @param top_n int default 10
        SELECT customer FROM orders WHERE region = :region LIMIT :top_n
        """,
}


class WorkspaceDir:
    """A workspace on disk: write files, load it, read its problems as text."""

    def __init__(self, root: Path, environ: Mapping[str, str]) -> None:
        self.root = root
        self.environ = dict(environ)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def source(self) -> FilesystemWorkspace:
        return FilesystemWorkspace(self.root, self.environ)

    def load(self) -> Workspace:
        return self.source().load()

    def problems(self) -> list[WorkspaceProblem]:
        with pytest.raises(WorkspaceInvalid) as caught:
            self.load()
        return caught.value.problems

    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems()]

    def settings_messages(self) -> list[str]:
        with pytest.raises(WorkspaceInvalid) as caught:
            self.source().settings()
        return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def ws(tmp_path: Path) -> WorkspaceDir:
    workspace = WorkspaceDir(tmp_path, ENVIRON)
    for rel, text in BASE_FILES.items():
        workspace.write(rel, text)
    return workspace
