"""Reading one YAML file of the workspace into a located document, logging what fails."""

from __future__ import annotations

from plotpress.adapters.workspace.converter import describe
from plotpress.adapters.workspace.files import WorkspaceFiles
from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.yaml_source import YamlDocument, YamlError, load_yaml


def read_yaml(files: WorkspaceFiles, rel: str, problems: ProblemLog) -> YamlDocument | None:
    """The parsed file, or None after logging why it cannot be used."""
    text = files.read(rel)
    if text is None:
        return None
    try:
        return load_yaml(text)
    except YamlError as exc:
        problems.add(rel, exc.message, line=exc.line)
        return None


def top_mapping(
    doc: YamlDocument, *, file: str, what: str, problems: ProblemLog
) -> dict[str, object]:
    """The document's top-level mapping (empty for an empty file), keys as text."""
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        message = f"expected a mapping of {what}, got {describe(doc.data)}"
        problems.add(file, message, line=doc.line_of(()))
        return {}
    return {str(key): value for key, value in doc.data.items()}


def declared_names(doc: YamlDocument | None, *, exists: bool) -> frozenset[str] | None:
    """The top-level keys of a document, whether or not their entries are valid.

    Cross-checks use these so that one broken connection or role is reported once,
    not again by everything that names it. None means "unknown" (the file exists but
    could not be read as a mapping): cross-checks against it are skipped.
    """
    if not exists:
        return frozenset()
    if doc is None:
        return None
    if doc.data is None:
        return frozenset()
    if not isinstance(doc.data, dict):
        return None
    return frozenset(str(key) for key in doc.data)
