"""Safe YAML loading that remembers where every key came from.

Only plain data is built (the safe loader's types). Before anything is constructed the
node tree is measured with aliases expanded, so a "billion laughs" document is refused
in microseconds instead of exhausting memory later in a consumer that walks it. Keys
are located by their dotted path: ``lines[("warehouse", "allowed_users")] == 7``.
"""

from __future__ import annotations

from typing import Any

import attrs
import yaml

Path_ = tuple[str | int, ...]

MAX_NODES = 100_000
"""Nodes once aliases are expanded; real workspace files have a few hundred."""

MAX_ALIASES = 1_000

MAX_DEPTH = 64

# libyaml parses several times faster; the pure-Python loader gives the same results.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlError(ValueError):
    """A YAML file that cannot be used; ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@attrs.frozen
class YamlDocument:
    """Plain data of one YAML document plus the line of every mapping key and list item."""

    data: object
    lines: dict[Path_, int] = attrs.field(factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path`` or, when it is absent, of its nearest present ancestor."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def dotted(path: Path_) -> str:
    """``("warehouse", "pool", "max_open")`` as ``warehouse.pool.max_open``."""
    return ".".join(str(part) for part in path)


def load_yaml(text: str, *, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; an empty document is ``None``. Raises :class:`YamlError`.

    ``first_line`` shifts reported lines for YAML embedded in another file (front matter).
    """
    offset = first_line - 1
    loader = _BaseLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 + offset if mark is not None else None
            reason = exc.problem or exc.context or "not valid YAML"
            raise YamlError(f"invalid YAML: {reason}", line) from None
        except yaml.YAMLError as exc:
            raise YamlError(f"invalid YAML: {exc}", None) from None
        if node is None:
            return YamlDocument(None, {(): first_line})
        _check_size(node, offset)
        try:
            data = loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 + offset if mark is not None else None
            raise YamlError(f"invalid YAML: {exc.problem or exc.context}", line) from None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {(): node.start_mark.line + 1 + offset}
    _collect_lines(node, (), lines, offset)
    return YamlDocument(data, lines)


def _check_size(root: yaml.Node, offset: int) -> None:
    sizes: dict[int, int] = {}
    aliases = 0

    def size(node: yaml.Node, depth: int = 0) -> int:
        nonlocal aliases
        line = node.start_mark.line + 1 + offset
        if depth > MAX_DEPTH:
            raise YamlError(f"YAML nested deeper than {MAX_DEPTH} levels", line)
        known = sizes.get(id(node))
        if known is not None:
            # Seen before: this occurrence is an alias of an anchored node.
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlError(f"too many YAML aliases (limit {MAX_ALIASES})", line)
            return known
        sizes[id(node)] = 1  # a recursive alias counts once instead of looping
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            _check_unique_keys(node, offset)
            total += sum(size(key, depth + 1) + size(value, depth + 1) for key, value in node.value)
        if total > MAX_NODES:
            raise YamlError(
                f"YAML document expands to more than {MAX_NODES} nodes (alias bomb?)",
                root.start_mark.line + 1 + offset,
            )
        sizes[id(node)] = total
        return total

    size(root)


def _collect_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], offset: int) -> None:
    if len(path) > 32:
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            child = (*path, key_node.value)
            lines.setdefault(child, key_node.start_mark.line + 1 + offset)
            _collect_lines(value_node, child, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines.setdefault(child, item.start_mark.line + 1 + offset)
            _collect_lines(item, child, lines, offset)


def _check_unique_keys(node: yaml.MappingNode, offset: int) -> None:
    # PyYAML silently keeps the last of two equal keys; an author never means that.
    seen: set[str] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
            if key_node.value in seen:
                raise YamlError(
                    f"duplicate key {key_node.value!r}", key_node.start_mark.line + 1 + offset
                )
            seen.add(key_node.value)
