"""Render the Helm chart under deploy/ the way ``helm template`` would, for tests."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.integration.deploy.gotemplate import render

REPO = Path(__file__).resolve().parents[3]
DEPLOY = REPO / "deploy"
CHART = DEPLOY / "helm" / "plotpress"
RELEASE = "pp"


def default_values() -> dict[str, Any]:
    return yaml.safe_load((CHART / "values.yaml").read_text())


def example_values(name: str) -> dict[str, Any]:
    """One of the chart's ``values-<name>.example.yaml`` overrides."""
    return yaml.safe_load((CHART / f"values-{name}.example.yaml").read_text())


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's coalescing: maps merge key by key, anything else is replaced."""
    result = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def render_chart(*overrides: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every object the chart's templates produce with the default values plus overrides."""
    values = default_values()
    for override in overrides:
        values = merged(values, override)
    meta = yaml.safe_load((CHART / "Chart.yaml").read_text())
    context = {
        "Values": values,
        "Release": {"Name": RELEASE, "Namespace": "default", "Service": "Helm"},
        "Chart": {
            "Name": meta["name"],
            "Version": meta["version"],
            "AppVersion": meta["appVersion"],
        },
    }
    objects: list[dict[str, Any]] = []
    for template in sorted((CHART / "templates").glob("*.yaml")):
        text = render(template.read_text(), context)
        objects.extend(doc for doc in yaml.safe_load_all(text) if doc is not None)
    return objects


def only(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, got {[o['metadata']['name'] for o in found]}"
    return found[0]


def containers(deployment: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in deployment["spec"]["template"]["spec"]["containers"]}


def init_containers(deployment: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    pod = deployment["spec"]["template"]["spec"]
    return {c["name"]: c for c in pod.get("initContainers", [])}


def volumes(deployment: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}


def env(container: Mapping[str, Any]) -> dict[str, Any]:
    """Name → value (or the valueFrom mapping) of a container's explicit env."""
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}
