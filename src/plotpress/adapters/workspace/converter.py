"""The one cattrs converter of the workspace, and its errors turned into problems.

Strict on purpose: YAML is generous with types (``allowed_users: analyst`` is a string,
which a lax converter would happily split into letters), so every scalar hook checks
the type it gets and a list must be a list. Unknown keys are errors
(``forbid_extra_keys=True``) and come back with a close-match suggestion.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterator
from typing import Any, NewType, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from plotpress.adapters.workspace.problems import ProblemLog
from plotpress.adapters.workspace.yaml_source import Path_, YamlDocument, dotted
from plotpress.domain.durations import DurationError, parse_duration

T = TypeVar("T")

Duration = NewType("Duration", float)
"""Seconds, written in YAML as ``30s``, ``10m``, ``1h30m`` or a bare number."""


def yaml_key(attribute: str) -> str:
    """The YAML key of a schema attribute: a trailing ``_`` dodges a Python keyword (``from_``)."""
    return attribute.removesuffix("_")


class ValueProblem(ValueError):
    """A value of the wrong type or form; the message never repeats secret values."""


def describe(value: object) -> str:
    """The kind of a YAML value, for messages that must not echo the value itself."""
    kinds: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "a boolean"),
        (int, "an integer"),
        (float, "a number"),
        (str, "a string"),
        (list, "a list"),
        (dict, "a mapping"),
    ]
    if value is None:
        return "nothing (null)"
    for kind, text in kinds:
        if isinstance(value, kind):
            return text
    return f"a {type(value).__name__}"


def _strict(kind: type, name: str) -> Callable[[object, type], object]:
    def hook(value: object, _: type) -> object:
        ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise ValueProblem(f"expected {name}, got {describe(value)}")
        return value

    return hook


def _duration(value: object, _: type) -> float:
    if not isinstance(value, str | int | float):
        raise ValueProblem(f"expected a duration like '30s', got {describe(value)}")
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise ValueProblem(str(exc)) from None


def _enum_hook(cl: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    noun = cl.__name__.lower()
    choices = ", ".join(str(member.value) for member in cl)

    def hook(value: object, _: type) -> enum.Enum:
        if not isinstance(value, str):
            raise ValueProblem(f"expected one of {choices}, got {describe(value)}")
        try:
            return cl(value)
        except ValueError:
            raise ValueProblem(f"unknown {noun} {value!r}; expected one of {choices}") from None

    return hook


def _is_list(cl: Any) -> bool:
    return get_origin(cl) is list


def _list_hook(cl: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], list[Any]]:
    (item_type,) = get_args(cl) or (Any,)
    item_hook = conv.get_structure_hook(item_type)

    def hook(value: Any, _: Any) -> list[Any]:
        if not isinstance(value, list):
            raise ValueProblem(f"expected a list, got {describe(value)}")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as exc:
                exc.add_note(IterableValidationNote(f"@ index {index}", index, item_type))
                errors.append(exc)
        if errors:
            raise IterableValidationError("while structuring a list", errors, cl)
        return items

    return hook


def _class_hook(cl: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], object]:
    renames: dict[str, Any] = {
        field.name: override(rename=yaml_key(field.name))
        for field in attrs.fields(cl)
        if yaml_key(field.name) != field.name
    }
    build = make_dict_structure_fn(cl, conv, **renames)

    def hook(value: Any, _: Any) -> object:
        if value is None:
            value = {}  # an empty section (``pool:``) means "all defaults"
        if not isinstance(value, dict):
            raise ValueProblem(f"expected a mapping, got {describe(value)}")
        return build(value, cl)

    return hook


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(float, _strict(float, "a number"))
    conv.register_structure_hook(Duration, _duration)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    conv.register_structure_hook_factory(_is_list, _list_hook)
    conv.register_structure_hook_factory(attrs.has, _class_hook)
    return conv


CONVERTER = make_converter()


def structure(
    data: object,
    cl: type[T],
    *,
    doc: YamlDocument,
    file: str,
    problems: ProblemLog,
    at: Path_ = (),
) -> T | None:
    """``data`` (found at key path ``at`` of ``doc``) as ``cl``, or None after logging why."""
    try:
        return CONVERTER.structure(data, cl)
    except Exception as exc:  # cattrs reports every failure as one exception group
        for path, message in _flatten(exc, at):
            problems.add(file, message, line=doc.line_of(path), key=dotted(path))
        return None


def _flatten(exc: BaseException, path: Path_) -> Iterator[tuple[Path_, str]]:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            path = (*path, yaml_key(note.name))
        elif isinstance(note, IterableValidationNote):
            path = (*path, note.index)
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [yaml_key(f.name) for f in attrs.fields(exc.cl)]
        for key in sorted(exc.extra_fields):
            yield (*path, key), _unknown_key(key, known)
    elif isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            yield from _flatten(sub, path)
    elif isinstance(exc, KeyError):
        yield path, "required key is missing"
    elif isinstance(exc, ValueProblem):
        yield path, str(exc)
    else:
        yield path, f"invalid value ({type(exc).__name__})"


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    if close:
        return f"unknown key (did you mean {close[0]!r}?)"
    return f"unknown key (expected one of: {', '.join(sorted(known))})"
