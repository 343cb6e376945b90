"""A workspace source serving whatever workspace (or problems) the test sets."""

from __future__ import annotations

import attrs

from plotpress.domain.settings import Settings
from plotpress.domain.workspace import Workspace
from plotpress.ports.workspace_source import WorkspaceInvalid, WorkspaceProblem


@attrs.define
class StaticSource:
    workspace: Workspace
    problems: list[WorkspaceProblem] = attrs.Factory(list)
    settings_value: Settings = attrs.Factory(Settings)

    def load(self) -> Workspace:
        if self.problems:
            raise WorkspaceInvalid(list(self.problems))
        return self.workspace

    def settings(self) -> Settings:
        return self.settings_value
