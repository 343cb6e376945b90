"""``${VAR}`` expansion and the limits of the YAML loader."""

from __future__ import annotations

import pytest

from plotpress.adapters.workspace.env import ExpansionError, expand, expand_tree
from plotpress.adapters.workspace.yaml_source import MAX_DEPTH, YamlError, load_yaml


def test_references_are_replaced_and_a_double_dollar_is_literal() -> None:
    assert expand("a=${A};b=${B}; $${A}", {"A": "1", "B": "2"}) == "a=1;b=2; ${A}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${MISSING}", "environment variable 'MISSING' is not set"),
        ("${1BAD}", "'${1BAD}' is not a valid variable reference"),
        ("x ${OPEN", "unterminated '${' (write '$${' for a literal '${')"),
    ],
)
def test_bad_references_are_explained_without_values(text: str, message: str) -> None:
    with pytest.raises(ExpansionError) as caught:
        expand(text, {"OTHER": "secret"})

    assert str(caught.value) == message


def test_tree_expansion_reports_paths_and_leaves_keys_alone() -> None:
    data = {"${K}": "$${literal}", "dsn": "${DSN}", "path": "${NOPE}"}

    expanded, failures = expand_tree(
        data, {"DSN": "pg://s"}, expanded=[("dsn",), ("path",)], where="dsn", path=("w",)
    )

    assert expanded == {"${K}": "${literal}", "dsn": "pg://s", "path": "${NOPE}"}
    assert failures == [(("w", "path"), "environment variable 'NOPE' is not set")]


def test_a_reference_outside_the_expanded_keys_is_refused_by_name_and_never_looked_up() -> None:
    data = {"driver": "${SECRET}", "allowed_users": ["${PGPASS}"], "dsn": "${SECRET}"}

    expanded, failures = expand_tree(
        data, {"SECRET": "sk_live_1", "PGPASS": "hunter2"}, expanded=[("dsn",)], where="dsn"
    )

    assert expanded == {"driver": "${SECRET}", "allowed_users": ["${PGPASS}"], "dsn": "sk_live_1"}
    assert failures == [
        (("driver",), "'${SECRET}' is only expanded in dsn (write '$${' for a literal '${')"),
        (
            ("allowed_users", 0),
            "'${PGPASS}' is only expanded in dsn (write '$${' for a literal '${')",
        ),
    ]


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"

    with pytest.raises(YamlError, match="nested deeper"):
        load_yaml(text)


def test_many_aliases_are_refused() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 1500) + "]\n"

    with pytest.raises(YamlError, match="too many YAML aliases"):
        load_yaml(text)


def test_lines_are_shifted_for_embedded_yaml() -> None:
    doc = load_yaml("title: x\nother: y\n", first_line=2)

    assert (doc.line_of(("title",)), doc.line_of(("other", "deeper"))) == (2, 3)
