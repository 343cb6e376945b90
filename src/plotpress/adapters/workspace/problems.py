"""Collecting workspace problems: every check appends, nothing stops at the first mistake."""

from __future__ import annotations

from plotpress.ports.workspace_source import WorkspaceProblem


class ProblemLog:
    """An append-only list of :class:`WorkspaceProblem`, reported in file order at the end."""

    def __init__(self) -> None:
        self._problems: list[WorkspaceProblem] = []

    def add(self, file: str, message: str, *, line: int | None = None, key: str = "") -> None:
        self._problems.append(WorkspaceProblem(file, message, line=line, key=key or None))

    def extend(self, problems: list[WorkspaceProblem]) -> None:
        self._problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def sorted(self) -> list[WorkspaceProblem]:
        """By file, then line; problems of one place keep the order they were found in."""
        return sorted(self._problems, key=lambda p: (p.file, p.line or 0))
