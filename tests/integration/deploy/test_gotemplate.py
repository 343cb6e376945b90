"""The chart's template subset renders as Helm renders it, and refuses what it does not know."""

from __future__ import annotations

import pytest

from tests.integration.deploy.gotemplate import TemplateError, render

CONTEXT = {
    "Values": {"name": "web", "on": True, "off": False, "empty": "", "items": ["a", "b"]},
    "Release": {"Name": "rel"},
    "Chart": {"Name": "plotpress", "AppVersion": "1.2.3"},
}


def test_values_release_and_chart_fields_are_printed():
    assert render("{{ .Values.name }}/{{ .Release.Name }}/{{ .Chart.Name }}", CONTEXT) == (
        "web/rel/plotpress"
    )


def test_dashes_trim_the_whitespace_on_their_side_only():
    assert render("a  \n  {{- .Values.name }}  \n", CONTEXT) == "aweb  \n"
    assert render("a {{ .Values.name -}}  \n  b", CONTEXT) == "a webb"


def test_if_else_follows_go_truthiness():
    template = "{{- if .Values.X }}yes{{- else }}no{{- end }}"
    outcomes = {
        key: render(template.replace("X", key), CONTEXT)
        for key in ("on", "off", "empty", "items", "missing")
    }
    assert outcomes == {"on": "yes", "off": "no", "empty": "no", "items": "yes", "missing": "no"}


def test_nested_blocks_and_range_over_a_list_bind_the_dot_to_each_item():
    template = "{{ range .Values.items }}{{ if . }}[{{ . }}]{{ end }}{{ end }}"
    assert render(template, CONTEXT) == "[a][b]"
    rows = {"Values": {"files": [{"key": "k1", "path": "p/1"}, {"key": "k2", "path": "p/2"}]}}
    assert render("{{ range .Values.files }}{{ .key }}={{ .path }};{{ end }}", rows) == (
        "k1=p/1;k2=p/2;"
    )


def test_quote_makes_a_yaml_safe_double_quoted_string():
    context = {"Values": {"text": 'line "one"\nline two', "flag": True}}
    assert render("{{ .Values.text | quote }}", context) == '"line \\"one\\"\\nline two"'
    assert render("{{ .Values.flag | quote }}", context) == '"true"'


def test_default_replaces_an_empty_or_missing_value_with_a_literal_or_a_path():
    assert render('{{ .Values.empty | default "x" }}', CONTEXT) == "x"
    assert render('{{ .Values.nope | default "x" | quote }}', CONTEXT) == '"x"'
    assert render("{{ .Values.empty | default .Chart.AppVersion }}", CONTEXT) == "1.2.3"
    assert render('{{ .Values.name | default "x" }}', CONTEXT) == "web"


@pytest.mark.parametrize(
    "template",
    [
        "{{ .Values.nope }}",
        '{{ include "x" . }}',
        "{{ toYaml .Values.items | nindent 4 }}",
        "{{ .Values.name | upper }}",
        "{{ $x := 1 }}",
        "{{ with .Values }}{{ end }}",
        "{{ if .Values.on }}never closed",
        "{{ .Values.items }}",
    ],
)
def test_anything_outside_the_subset_or_a_missing_value_is_an_error(template):
    with pytest.raises(TemplateError):
        render(template, CONTEXT)
