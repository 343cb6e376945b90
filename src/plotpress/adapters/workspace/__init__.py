"""The filesystem workspace adapter: YAML, Markdown and SQL files into the domain model."""

from plotpress.adapters.workspace.loader import FilesystemWorkspace

__all__ = ["FilesystemWorkspace"]
