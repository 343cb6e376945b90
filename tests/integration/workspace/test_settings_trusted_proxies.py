"""trusted_proxies and the e-mail sign-in switch, from the file and the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from plotpress.adapters.workspace import FilesystemWorkspace
from plotpress.ports.workspace_source import WorkspaceInvalid


def _settings(root: Path, text: str, environ: dict[str, str] | None = None):
    (root / "plotpress.yaml").write_text(text)
    return FilesystemWorkspace(root, environ or {}).settings()


def test_trusted_proxies_are_read_from_the_file_and_the_environment(tmp_path: Path):
    assert _settings(tmp_path, 'trusted_proxies: [10.0.0.0/8, "::1"]\n').trusted_proxies == (
        "10.0.0.0/8",
        "::1",
    )
    env = {"PLOTPRESS_TRUSTED_PROXIES": "172.16.0.0/12, 127.0.0.1"}
    assert _settings(tmp_path, "", env).trusted_proxies == ("172.16.0.0/12", "127.0.0.1")


def test_a_proxy_that_is_not_an_address_is_reported_with_its_line(tmp_path: Path):
    with pytest.raises(WorkspaceInvalid) as info:
        _settings(tmp_path, "listen: 127.0.0.1:8080\ntrusted_proxies:\n  - 10.0.0.0/8\n  - caddy\n")
    assert [str(p) for p in info.value.problems] == [
        "plotpress.yaml:4: trusted_proxies.1: expected an address or CIDR, got 'caddy'"
    ]


def test_email_sign_in_can_be_switched_off_from_the_environment(tmp_path: Path):
    env = {"PLOTPRESS_EMAIL_OTP_ENABLED": "false", "PLOTPRESS_LISTEN": "0.0.0.0:8080"}
    assert _settings(tmp_path, "", env).auth.email_otp.enabled is False
