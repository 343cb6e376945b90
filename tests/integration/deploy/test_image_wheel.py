"""The builder stage's steps, run here: the wheel built from the Docker build context,
installed into a fresh venv, is a complete PlotPress (code, static files, templates and
migrations) that validates the demo workspace. This is as far as ``docker build`` can be
exercised without a Docker engine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import plotpress
from tests.integration.deploy.chart import REPO
from tests.integration.deploy.dockerfile import DOCKERFILE, build_context, stages

pytestmark = pytest.mark.image_build


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PLOTPRESS_")}
    environ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("image")


@pytest.fixture(scope="module")
def image_venv(work) -> Path:
    """The builder stage: COPY the sources, build the wheel, install it into a venv."""
    _, (builder, _) = stages(DOCKERFILE.read_text())
    sources = [word for i in builder.all("COPY") for word in i.arguments.split()[:-1]]
    context = build_context(sources, work / "context")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--wheel-dir",
        work / "dist",
        ".",
        cwd=context,
    )
    (wheel,) = (work / "dist").glob("plotpress-*.whl")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=work)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=work)
    return venv


def installed_package(venv: Path) -> Path:
    (site,) = (venv / "lib").glob("python3.*/site-packages")
    return site / "plotpress"


def files_under(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_installed_package_holds_every_file_of_the_source_tree(image_venv, work):
    package = installed_package(image_venv)
    assert files_under(package) == files_under(work / "context" / "src" / "plotpress")


def test_static_assets_templates_and_migrations_are_installed(image_venv):
    installed = files_under(installed_package(image_venv))
    static = "entrypoints/wsgi/static/"
    assert {f"{static}vendor/plot.umd.min.js", f"{static}vendor/d3.min.js"} <= installed
    assert f"{static}runtime/main.js" in installed
    assert "entrypoints/wsgi/templates/page.html" in installed
    assert "adapters/sqlite/migrations/0001_initial.sql" in installed
    assert "adapters/postgres/migrations/0001_initial.sql" in installed
    assert "py.typed" in installed


def test_the_installed_command_validates_the_demo_workspace(image_venv, tmp_path):
    result = run(
        image_venv / "bin" / "plotpress", "validate", REPO / "examples" / "demo", cwd=tmp_path
    )
    assert result.stdout.startswith("ok: "), result.stdout
    version = run(image_venv / "bin" / "plotpress", "--version", cwd=tmp_path)
    assert version.stdout.strip() == f"plotpress {plotpress.__version__}"


def test_the_venv_imports_plotpress_from_itself_not_from_the_source_tree(image_venv, tmp_path):
    result = run(
        image_venv / "bin" / "python",
        "-c",
        "import plotpress; print(plotpress.__file__)",
        cwd=tmp_path,
    )
    assert Path(result.stdout.strip()).is_relative_to(image_venv)
