"""The Dockerfile, read as docker would read it: a builder stage making the venv, a slim
non-root runtime with the venv only, the settings PlotPress expects in a container, and a
HEALTHCHECK that works without curl."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from plotpress.adapters.store_factory import sqlite_path
from tests.integration.deploy.chart import containers, env, only, render_chart
from tests.integration.deploy.dockerfile import (
    DOCKERFILE,
    ignore_patterns,
    ignored,
    instructions,
    stages,
)
from tests.integration.serving import free_port, serve


@pytest.fixture(scope="module")
def parsed():
    return stages(DOCKERFILE.read_text())


@pytest.fixture(scope="module")
def runtime(parsed):
    return parsed[1][-1]


def healthcheck(runtime) -> list[str]:
    (instruction,) = runtime.all("HEALTHCHECK")
    command = instruction.exec_form()
    assert command is not None, "HEALTHCHECK should use the exec form"
    return command


def test_a_builder_stage_makes_the_venv_and_a_slim_runtime_receives_only_that(parsed):
    args, (builder, runtime) = parsed
    assert args["PYTHON_IMAGE"] == "python:3.11-slim"
    assert builder.base == runtime.base == "python:3.11-slim"
    assert (builder.name, runtime.name) == ("builder", "runtime")
    build = " ".join(i.arguments for i in builder.all("RUN"))
    assert "python -m pip wheel --no-deps --wheel-dir /build/dist ." in build
    assert "python -m venv /opt/plotpress" in build
    assert "/opt/plotpress/bin/python -m pip install /build/dist/plotpress-*.whl" in build
    assert [i.arguments for i in runtime.all("COPY")] == [
        "--from=builder /opt/plotpress /opt/plotpress"
    ]


def test_the_builder_copies_only_what_the_wheel_needs_and_dockerignore_keeps_it(parsed):
    _, (builder, _) = parsed
    sources = [word for i in builder.all("COPY") for word in i.arguments.split()[:-1]]
    assert sources == ["pyproject.toml", "README.md", "src"]
    patterns = ignore_patterns()
    for kept in (
        "pyproject.toml",
        "README.md",
        "src/plotpress/__init__.py",
        "src/plotpress/entrypoints/wsgi/static/vendor/plot.umd.min.js",
    ):
        assert not ignored(kept, patterns), kept
    for dropped in (
        ".venv/bin/python",
        ".git/HEAD",
        "src/plotpress/__pycache__/x.pyc",
        ".plotpress/plotpress.db",
        "examples/demo/.plotpress/plotpress.db",
        "src/plotpress.egg-info/PKG-INFO",
        "tests/conftest.py",
    ):
        assert ignored(dropped, patterns), dropped


def test_the_runtime_runs_as_a_fixed_non_root_user(runtime):
    (user,) = runtime.all("USER")
    assert user.arguments == "10001:10001"
    setup = " ".join(i.arguments for i in runtime.all("RUN"))
    assert "groupadd --system --gid 10001 plotpress" in setup
    assert "useradd --system --uid 10001 --gid plotpress" in setup
    assert "chown plotpress:plotpress /var/lib/plotpress" in setup


def test_the_runtime_serves_the_workspace_mount_with_the_container_settings(runtime):
    assert [i.exec_form() for i in runtime.all("VOLUME")] == [["/var/lib/plotpress"]]
    assert [i.arguments for i in runtime.all("EXPOSE")] == ["8080"]
    assert [i.exec_form() for i in runtime.all("CMD")] == [["plotpress", "serve", "/workspace"]]
    settings = runtime.env()
    assert settings["PATH"].startswith("/opt/plotpress/bin:")
    assert settings["PLOTPRESS_LISTEN"] == "0.0.0.0:8080"
    assert settings["PROMETHEUS_MULTIPROC_DIR"] == "/tmp/plotpress-metrics"
    storage = settings["PLOTPRESS_STORAGE"]
    assert sqlite_path(storage).as_posix() == "/var/lib/plotpress/plotpress.db"


def test_the_image_and_the_chart_agree_on_storage_listen_and_metrics_dir(runtime):
    plotpress = containers(only(render_chart(), "Deployment"))["plotpress"]
    for name in ("PLOTPRESS_STORAGE", "PLOTPRESS_LISTEN", "PROMETHEUS_MULTIPROC_DIR"):
        assert env(plotpress)[name] == runtime.env()[name], name


def test_every_instruction_is_one_docker_knows():
    known = {
        "FROM",
        "ARG",
        "ENV",
        "WORKDIR",
        "COPY",
        "RUN",
        "USER",
        "VOLUME",
        "EXPOSE",
        "HEALTHCHECK",
        "CMD",
    }
    assert {i.keyword for i in instructions(DOCKERFILE.read_text())} <= known


def _probe(command: list[str], listen: str) -> subprocess.CompletedProcess[str]:
    assert command[:2] == ["python", "-c"]
    environ = {**os.environ, "PLOTPRESS_LISTEN": listen}
    return subprocess.run(
        [sys.executable, "-c", command[2]],
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_healthcheck_fails_when_nothing_answers_on_the_listen_port(runtime):
    result = _probe(healthcheck(runtime), f"0.0.0.0:{free_port()}")
    assert result.returncode != 0


def test_the_healthcheck_passes_against_a_serving_plotpress(runtime, tmp_path):
    with serve(cwd=tmp_path) as server:
        port = server.url.rsplit(":", 1)[1]
        result = _probe(healthcheck(runtime), f"0.0.0.0:{port}")
    assert result.returncode == 0, result.stderr
