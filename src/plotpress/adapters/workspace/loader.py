"""``FilesystemWorkspace``: the WorkspaceSource that reads a workspace directory.

Nothing is cached between calls: each ``load()`` reads the directory afresh, so a
reload sees the current files, and a failing load leaves the caller's last good
workspace untouched (it only raises).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from plotpress.adapters.workspace.dashboard import DashboardLoader
from plotpress.adapters.workspace.documents import read_yaml
from plotpress.adapters.workspace.files import WorkspaceFiles
from plotpress.adapters.workspace.git import head_commit
from plotpress.adapters.workspace.markdown import make_parser
from plotpress.adapters.workspace.names import safe_name_problem
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.settings import SETTINGS_FILE, build_settings
from plotpress.domain.settings import Settings
from plotpress.domain.workspace import Dashboard, Workspace
from plotpress.ports.workspace_source import WorkspaceInvalid

DASHBOARDS = "dashboards"


class FilesystemWorkspace:
    """A workspace directory: ``plotpress.yaml`` and ``dashboards/<slug>/``.

    ``environ`` is where ``${VAR}`` and ``PLOTPRESS_*`` come from; pass ``os.environ``
    in production and a plain dict in tests.
    """

    def __init__(self, root: str | os.PathLike[str], environ: Mapping[str, str]) -> None:
        self.root = Path(root)
        self._environ = environ

    def load(self) -> Workspace:
        """Read and check every dashboard; raise WorkspaceInvalid listing every problem."""
        problems = ProblemLog()
        files = WorkspaceFiles(self.root, problems)
        dashboards: dict[str, Dashboard] = {}
        folder = self.root / DASHBOARDS
        if not self.root.is_dir():
            problems.add(".", f"workspace directory {str(self.root)!r} does not exist")
        elif not folder.is_dir():
            problems.add(
                DASHBOARDS, "folder is missing (expected dashboards/<slug>/dashboard.yaml)"
            )
        else:
            loader = DashboardLoader(files, self._environ, make_parser(), problems)
            for entry in sorted(folder.iterdir()):
                if not entry.is_dir() or entry.name.startswith("."):
                    continue  # READMEs and tool folders (.git) are not dashboards
                rel = files.relative(entry)
                invalid = safe_name_problem("dashboard folder", entry.name)
                if invalid:
                    problems.add(rel, invalid)
                    continue
                if not files.is_inside(entry):
                    problems.add(rel, "points outside the workspace (symlink)")
                    continue
                dashboard = loader.load(entry.name)
                if dashboard is not None:
                    dashboards[dashboard.slug] = dashboard
        if problems:
            raise WorkspaceInvalid(problems.sorted())
        return Workspace(
            dashboards=dashboards, version=files.version(), commit=head_commit(self.root)
        )

    def settings(self) -> Settings:
        """``plotpress.yaml`` (optional) with ``PLOTPRESS_*`` overrides; raise WorkspaceInvalid."""
        problems = ProblemLog()
        files = WorkspaceFiles(self.root, problems)
        doc = None
        if files.path(SETTINGS_FILE).is_file():
            doc = read_yaml(files, SETTINGS_FILE, problems)
        settings = None if problems else build_settings(doc, self._environ, problems)
        if problems or settings is None:
            raise WorkspaceInvalid(problems.sorted())
        return settings
