"""The ConfigMap workspace, laid out as Kubernetes mounts it, is one PlotPress accepts
with the environment the Deployment gives it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.integration.deploy.chart import containers, env, only, render_chart, volumes

SMTP_FROM_SECRET = {"PLOTPRESS_SMTP": "smtp://mail.example.com:25"}


def mount_workspace(objects, into: Path) -> Path:
    """Lay the ConfigMap items out as the kubelet does for a configMap volume.

    The files live in a timestamped folder, ``..data`` points at it, and each top-level
    name is a symlink through ``..data`` (that is how an update is swapped in atomically).
    """
    deployment = only(objects, "Deployment")
    source = volumes(deployment)["workspace"]["configMap"]
    config_map = next(o for o in objects if o["metadata"]["name"] == source["name"])
    version = into / "..2026_01_01_00_00_00.000000001"
    for item in source["items"]:
        target = version / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(config_map["data"][item["key"]])
    (into / "..data").symlink_to(version.name)
    for top in {item["path"].split("/")[0] for item in source["items"]}:
        (into / top).symlink_to(f"..data/{top}")
    return into


def validate(workspace: Path, objects, secret: dict[str, str], cwd: Path):
    plotpress = containers(only(objects, "Deployment"))["plotpress"]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PLOTPRESS_")}
    environ |= {k: v for k, v in env(plotpress).items() if isinstance(v, str)} | secret
    return subprocess.run(
        [sys.executable, "-m", "plotpress.entrypoints.cli", "validate", str(workspace)],
        env=environ,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_default_workspace_validates_with_smtp_from_the_secret(tmp_path):
    objects = render_chart()
    workspace = mount_workspace(objects, tmp_path / "workspace")
    assert (workspace / "plotpress.yaml").is_file()
    assert (workspace / "dashboards" / "welcome" / "index.md").is_file()
    result = validate(workspace, objects, SMTP_FROM_SECRET, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 dashboards" in result.stdout


def test_without_smtp_e_mail_sign_in_on_the_pod_address_is_refused(tmp_path):
    objects = render_chart()
    workspace = mount_workspace(objects, tmp_path / "workspace")
    result = validate(workspace, objects, {}, tmp_path)
    assert result.returncode == 1
    assert "auth.email_otp.smtp" in result.stdout


def test_files_given_in_values_are_mounted_under_their_paths(tmp_path):
    files = [
        {
            "key": "sales-dashboard.yaml",
            "path": "dashboards/sales/dashboard.yaml",
            "content": "title: Sales\n",
        },
        {"key": "sales-index.md", "path": "dashboards/sales/index.md", "content": "# Sales\n"},
    ]
    objects = render_chart({"workspace": {"files": files}})
    workspace = mount_workspace(objects, tmp_path / "workspace")
    mounted = workspace / "..data"
    assert sorted(p.relative_to(mounted).as_posix() for p in mounted.rglob("*.*")) == [
        "dashboards/sales/dashboard.yaml",
        "dashboards/sales/index.md",
        "plotpress.yaml",
    ]
    result = validate(workspace, objects, SMTP_FROM_SECRET, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
