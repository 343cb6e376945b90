"""The Helm chart renders valid Kubernetes objects in each of its shapes, with the facts
an operator relies on: probes, a non-root read-only pod, one replica on a claim for
SQLite, stateless replicas for PostgreSQL, git-sync and Litestream sidecars."""

from __future__ import annotations

import kubernetes_validate
import pytest
import yaml

from tests.integration.deploy.chart import (
    DEPLOY,
    RELEASE,
    containers,
    env,
    example_values,
    init_containers,
    only,
    render_chart,
    volumes,
)

# A release still in wide use, and the newest whose schemas kubernetes-validate carries.
KUBERNETES_VERSIONS = ("1.31", kubernetes_validate.latest_version())

SHAPES = {
    "sqlite": (),
    "sqlite-litestream": ({"litestream": {"enabled": True}},),
    "postgresql": (example_values("postgresql"),),
    "git-sync": (example_values("gitsync"),),
    "git-sync-litestream": (example_values("gitsync"), {"litestream": {"enabled": True}}),
}


@pytest.fixture(params=sorted(SHAPES), scope="module")
def shape(request):
    return request.param, render_chart(*SHAPES[request.param])


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_object_of_every_shape_validates_against_the_kubernetes_schema(shape, version):
    name, objects = shape
    assert objects
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            where = ".".join(str(p) for p in exc.path)
            pytest.fail(f"{name}: {obj['kind']}/{obj['metadata']['name']}: {where}: {exc.message}")


def test_liveness_asks_healthz_and_readiness_asks_readyz(shape):
    _, objects = shape
    plotpress = containers(only(objects, "Deployment"))["plotpress"]
    assert plotpress["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert plotpress["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert plotpress["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert plotpress["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert env(plotpress)["PLOTPRESS_LISTEN"] == "0.0.0.0:8080"


def test_every_container_runs_as_the_image_user_on_a_read_only_root_with_a_writable_tmp(shape):
    _, objects = shape
    deployment = only(objects, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert pod["securityContext"]["fsGroup"] == 10001
    everything = {**containers(deployment), **init_containers(deployment)}
    for name, container in everything.items():
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True, name
        assert context["allowPrivilegeEscalation"] is False, name
        assert context["capabilities"] == {"drop": ["ALL"]}, name
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        if "/tmp" in mounts or name == "plotpress":
            assert "emptyDir" in volumes(deployment)[mounts["/tmp"]], name
    plotpress = containers(deployment)["plotpress"]
    assert env(plotpress)["PROMETHEUS_MULTIPROC_DIR"].startswith("/tmp/")
    workspace = next(m for m in plotpress["volumeMounts"] if m["name"] == "workspace")
    assert workspace == {"name": "workspace", "mountPath": "/workspace", "readOnly": True}


def test_the_env_secret_reaches_plotpress_and_the_service_selects_its_pods(shape):
    _, objects = shape
    deployment = only(objects, "Deployment")
    plotpress = containers(deployment)["plotpress"]
    assert plotpress["envFrom"] == [{"secretRef": {"name": "plotpress-env"}}]
    service = only(objects, "Service")
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert deployment["spec"]["template"]["metadata"]["labels"].items() >= (
        service["spec"]["selector"].items()
    )
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    assert plotpress["image"] == "ghcr.io/plotpress/plotpress:0.1.0"


def test_sqlite_mode_runs_one_replica_on_a_claim_even_when_more_are_asked_for():
    objects = render_chart({"replicas": 5})
    deployment = only(objects, "Deployment")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}
    claim = only(objects, "PersistentVolumeClaim")
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert "storageClassName" not in claim["spec"]
    data = volumes(deployment)["data"]
    assert data == {"name": "data", "persistentVolumeClaim": {"claimName": f"{RELEASE}-data"}}
    assert claim["metadata"]["name"] == f"{RELEASE}-data"
    plotpress = containers(deployment)["plotpress"]
    assert {"name": "data", "mountPath": "/var/lib/plotpress"} in plotpress["volumeMounts"]
    assert env(plotpress)["PLOTPRESS_STORAGE"] == "sqlite:////var/lib/plotpress/plotpress.db"


def test_a_storage_class_is_named_on_the_claim_only_when_set():
    claim = only(render_chart({"sqlite": {"storageClassName": "fast"}}), "PersistentVolumeClaim")
    assert claim["spec"]["storageClassName"] == "fast"


def test_postgresql_mode_runs_replicas_without_a_claim_and_takes_storage_from_the_secret():
    objects = render_chart(example_values("postgresql"))
    assert [o for o in objects if o["kind"] == "PersistentVolumeClaim"] == []
    deployment = only(objects, "Deployment")
    assert deployment["spec"]["replicas"] == 3
    assert deployment["spec"]["strategy"] == {"type": "RollingUpdate"}
    assert "data" not in volumes(deployment)
    plotpress = containers(deployment)["plotpress"]
    assert env(plotpress)["PLOTPRESS_STORAGE"] == {
        "secretKeyRef": {"name": "plotpress-env", "key": "PLOTPRESS_STORAGE"}
    }
    assert set(containers(deployment)) == {"plotpress"}


def test_litestream_is_never_added_to_a_postgresql_release():
    objects = render_chart(example_values("postgresql"), {"litestream": {"enabled": True}})
    deployment = only(objects, "Deployment")
    assert set(containers(deployment)) == {"plotpress"}
    assert init_containers(deployment) == {}
    assert [o for o in objects if o["metadata"]["name"].endswith("-litestream")] == []


def test_git_sync_keeps_a_checkout_in_an_empty_dir_that_plotpress_serves_and_reloads():
    objects = render_chart(example_values("gitsync"))
    assert [o["metadata"]["name"] for o in objects if o["kind"] == "ConfigMap"] == []
    deployment = only(objects, "Deployment")
    assert volumes(deployment)["workspace"] == {"name": "workspace", "emptyDir": {}}
    sidecar = containers(deployment)["git-sync"]
    first = init_containers(deployment)["git-sync-init"]
    for container in (sidecar, first):
        assert container["image"].startswith("registry.k8s.io/git-sync/git-sync:v4.")
        assert "--root=/workspace" in container["args"]
        assert "--link=current" in container["args"]
        assert "--repo=https://github.com/example/dashboards.git" in container["args"]
        assert {"name": "workspace", "mountPath": "/workspace"} in container["volumeMounts"]
    assert "--one-time" in first["args"]
    assert "--period=60s" in sidecar["args"]
    command = containers(deployment)["plotpress"]["command"]
    assert command[:4] == ["plotpress", "serve", "/workspace/current/analytics", "--reload"]


def test_litestream_restores_then_replicates_the_database_volume_with_the_deploy_config():
    objects = render_chart({"litestream": {"enabled": True, "bucket": "backups"}})
    deployment = only(objects, "Deployment")
    sidecar = containers(deployment)["litestream"]
    restore = init_containers(deployment)["litestream-restore"]
    assert sidecar["args"] == ["replicate", "-config", "/etc/litestream.yml"]
    assert restore["args"][0] == "restore"
    assert {"-if-db-not-exists", "-if-replica-exists"} <= set(restore["args"])
    assert restore["args"][-1] == "/var/lib/plotpress/plotpress.db"
    for container in (sidecar, restore):
        assert {"name": "data", "mountPath": "/var/lib/plotpress"} in container["volumeMounts"]
        assert env(container)["LITESTREAM_BUCKET"] == "backups"
        assert container["envFrom"] == [{"secretRef": {"name": "plotpress-env"}}]
    config_map = next(o for o in objects if o["metadata"]["name"] == f"{RELEASE}-litestream")
    shipped = yaml.safe_load((DEPLOY / "litestream.yml").read_text())
    assert yaml.safe_load(config_map["data"]["litestream.yml"]) == shipped
    assert shipped["dbs"][0]["path"] == "/var/lib/plotpress/plotpress.db"


def test_workers_reach_the_serve_command():
    command = containers(only(render_chart({"workers": 4}), "Deployment"))["plotpress"]["command"]
    assert command == ["plotpress", "serve", "/workspace", "--workers", "4"]
