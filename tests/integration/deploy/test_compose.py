"""deploy/compose.yaml: two PlotPress replicas on one PostgreSQL, behind a proxy."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.integration.deploy.chart import DEPLOY, REPO

REPLICAS = ("plotpress-1", "plotpress-2")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_the_stack_is_postgresql_two_replicas_a_mail_catcher_and_a_proxy(compose):
    assert set(compose["services"]) == {"postgres", "mailpit", *REPLICAS, "proxy"}
    for name in REPLICAS:
        assert compose["services"][name]["image"] == "plotpress:local"
        assert compose["services"][name]["build"]["dockerfile"] == "Dockerfile"
        assert (DEPLOY / compose["services"][name]["build"]["context"] / "Dockerfile").is_file()


def test_both_replicas_share_one_postgresql_store_and_one_secret_key(compose):
    first, second = (compose["services"][name]["environment"] for name in REPLICAS)
    assert first == second
    assert re.fullmatch(
        r"postgresql://plotpress:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432/plotpress",
        first["PLOTPRESS_STORAGE"],
    )
    assert first["PLOTPRESS_SECRET_KEY"].startswith("${PLOTPRESS_SECRET_KEY:?")
    assert first["PLOTPRESS_SMTP"] == "smtp://mailpit:1025"


def test_the_demo_workspace_is_mounted_read_only_on_a_read_only_container(compose):
    for name in REPLICAS:
        service = compose["services"][name]
        assert "../examples/demo:/workspace:ro" in service["volumes"]
        assert service["read_only"] is True
        assert "/tmp" in service["tmpfs"]
    assert (DEPLOY / "../examples/demo/plotpress.yaml").resolve().is_file()


def test_every_long_running_service_has_a_healthcheck_and_startup_waits_on_it(compose):
    services = compose["services"]
    for name in ("postgres", *REPLICAS, "proxy"):
        assert services[name]["healthcheck"]["test"][0] == "CMD", name
    for name in REPLICAS:
        assert services[name]["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert "/readyz" in " ".join(services[name]["healthcheck"]["test"])
    assert services["proxy"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in REPLICAS
    }


def test_the_proxy_balances_over_both_replicas_and_checks_their_readiness(compose):
    proxy = compose["services"]["proxy"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert re.search(r"reverse_proxy plotpress-1:8080 plotpress-2:8080 \{", caddyfile)
    assert "health_uri /readyz" in caddyfile
    assert proxy["ports"] == ["8080:8080"]
    assert (REPO / "deploy" / "Caddyfile").is_file()
