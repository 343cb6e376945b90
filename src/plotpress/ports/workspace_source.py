"""Where the workspace comes from, and how a broken one is reported."""

from __future__ import annotations

from typing import Protocol

import attrs

from plotpress.domain.settings import Settings
from plotpress.domain.workspace import Workspace


@attrs.frozen
class WorkspaceProblem:
    """One mistake in the workspace, located as precisely as the loader can."""

    file: str  # relative to the workspace root, with forward slashes
    message: str
    line: int | None = None
    key: str | None = None  # dotted key path inside the file, e.g. "warehouse.allowed_users"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class WorkspaceInvalid(Exception):
    """The workspace did not load; ``problems`` lists every mistake found, in file order."""

    def __init__(self, problems: list[WorkspaceProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the workspace")
        self.problems = problems


class WorkspaceSource(Protocol):
    def load(self) -> Workspace:
        """Read and validate the whole workspace; raise WorkspaceInvalid listing every problem."""
        ...

    def settings(self) -> Settings:
        """Server settings (``plotpress.yaml`` and environment); raise WorkspaceInvalid."""
        ...
