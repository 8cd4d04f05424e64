"""The Helm chart (deploy/helm/kring): `helm lint`, and `helm template` checked by kubeconform
against Kubernetes' own schemas, both tools built from the Go module proxy when absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from asgi_lifespan import LifespanManager

from graph.core.database import Neo4jTarget
from server.app import create_app
from server.settings import PushWorker, Settings
from tests.deploy import kubernetes_schemas

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "deploy" / "helm" / "kring"
CACHE = REPO / ".kring" / "cache"
GO_BIN = CACHE / "go-bin"
TOOLS = {
    "helm": "helm.sh/helm/v3/cmd/helm@v3.19.0",
    "kubeconform": "github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0",
}
SCHEMAS = CACHE / f"kubernetes-schemas-{kubernetes_schemas.KUBERNETES_VERSION}"
KUBE_VERSION = kubernetes_schemas.KUBERNETES_VERSION

# A university's own cluster: Neo4j installed with Neo4j's charts (the default URI), its
# password given here, evidence on an NFS class; autoscaled.
CLUSTER = [
    "--set", "neo4j.password=s3cret-from-a-values-file",
    "--set", "storage.storageClassName=nfs-client",
]  # fmt: skip

# An Aura database, the keys and the Neo4j password in Secrets made beforehand, a fixed size.
AURA = [
    "--set", "neo4j.uri=neo4j+s://0a1b2c3d.databases.neo4j.io",
    "--set", "neo4j.existingSecret=kring-neo4j",
    "--set", "api.autoscaling.enabled=false",
    "--set", "api.replicas=3",
    "--set", "metrics.enabled=false",
    "--set", "secretEnv.KRING_OIDC_PROVIDERS=[]",
    "--set", "storage.existingClaim=kring-evidence",
]  # fmt: skip


def _go_env() -> dict[str, str]:
    return {**os.environ, "GOBIN": str(GO_BIN), "GOFLAGS": "-mod=mod"}


def _tool(name: str) -> Path:
    """The tool, built into .kring/cache/go-bin from the Go module proxy the first time."""
    path = GO_BIN / name
    if path.exists():
        return path
    if shutil.which("go") is None:
        pytest.fail(f"Building {name} for the Helm chart's checks needs Go: install it.")
    built = subprocess.run(
        ["go", "install", TOOLS[name]], env=_go_env(), capture_output=True, text=True, check=False
    )
    if built.returncode != 0 or not path.exists():
        pytest.fail(f"go install {TOOLS[name]} failed:\n{built.stdout}{built.stderr}")
    return path


def _schemas() -> Path:
    if not (SCHEMAS / f"v{KUBE_VERSION}-standalone-strict" / "deployment-apps-v1.json").exists():
        if shutil.which("go") is None:
            pytest.fail("Fetching Kubernetes' OpenAPI document needs Go: install it.")
        kubernetes_schemas.write(kubernetes_schemas.module_swagger(_go_env()), SCHEMAS)
    return SCHEMAS


def _helm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_tool("helm")), *args], capture_output=True, text=True, check=False, cwd=REPO
    )


def _render(*values: str) -> str:
    rendered = _helm("template", "kring", str(CHART), "--kube-version", KUBE_VERSION, *values)
    assert rendered.returncode == 0, rendered.stderr
    return rendered.stdout


def _kubeconform(manifests: str) -> subprocess.CompletedProcess[str]:
    command = [str(_tool("kubeconform")), "-strict", "-summary", "-kubernetes-version"]
    command += [KUBE_VERSION, "-schema-location", str(_schemas()), "-"]
    return subprocess.run(command, input=manifests, capture_output=True, text=True, check=False)


def _by_kind(manifests: str) -> dict[tuple[str, str], dict[str, Any]]:
    documents = [d for d in yaml.safe_load_all(manifests) if d]
    return {(d["kind"], d["metadata"]["name"]): d for d in documents}


@pytest.mark.parametrize("values", [CLUSTER, AURA], ids=["own-cluster", "aura"])
def test_chart_lints_and_renders_valid_kubernetes_manifests(values: list[str]) -> None:
    lint = _helm("lint", "--strict", str(CHART), "--kube-version", KUBE_VERSION, *values)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    checked = _kubeconform(_render(*values))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Invalid: 0, Errors: 0, Skipped: 0" in checked.stdout


def test_kubeconform_refuses_what_kubernetes_would() -> None:
    """The offline schemas do check: a wrong type and an unknown field are both caught."""
    manifests = _render(*CLUSTER).replace("replicas: 1", 'replicas: "one"')
    manifests = manifests.replace('args: ["worker"]', 'args: ["worker"]\n          bogus: 1')
    checked = _kubeconform(manifests)
    assert checked.returncode == 1
    assert "got string, want integer" in checked.stdout
    assert "additional properties 'bogus' not allowed" in checked.stdout


def test_api_and_worker_are_wired_as_documented() -> None:
    objects = _by_kind(_render(*CLUSTER))
    api = objects[("Deployment", "kring-api")]["spec"]
    worker = objects[("Deployment", "kring-worker")]["spec"]
    container = api["template"]["spec"]["containers"][0]
    # The worker waits for the graph to be migrated instead of restarting until it is.
    (migrate,) = worker["template"]["spec"]["initContainers"]
    assert migrate["args"] == ["migrate"]
    assert migrate["envFrom"] == worker["template"]["spec"]["containers"][0]["envFrom"]
    assert container["args"][0] == "serve"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["resources"]["requests"]
    assert "replicas" not in api  # the HorizontalPodAutoscaler decides
    assert api["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert worker["template"]["spec"]["containers"][0]["args"] == ["worker"]
    config = objects[("ConfigMap", "kring")]["data"]
    assert config["KRING_PUSH_WORKER"] == "off"
    assert config["NEO4J_URI"].startswith("neo4j://")  # routing: reads go to followers
    for deployment in (api, worker):
        # A changed setting or secret restarts the pods on `helm upgrade`.
        annotations = deployment["template"]["metadata"]["annotations"]
        assert {"checksum/config", "checksum/secret"} <= set(annotations)
        pod = deployment["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        volumes = {v["name"]: v for v in pod["volumes"]}
        assert volumes["keys"]["secret"]["secretName"] == "kring-keys"
        assert volumes["shared"]["persistentVolumeClaim"]["claimName"] == "kring-shared"
    claim = objects[("PersistentVolumeClaim", "kring-shared")]["spec"]
    assert claim["accessModes"] == ["ReadWriteMany"]
    assert claim["storageClassName"] == "nfs-client"
    hpa = objects[("HorizontalPodAutoscaler", "kring-api")]["spec"]
    assert hpa["scaleTargetRef"]["name"] == "kring-api"
    pdb = objects[("PodDisruptionBudget", "kring-api")]["spec"]
    assert pdb["minAvailable"] == 1
    ingress = objects[("Ingress", "kring")]
    assert ingress["spec"]["rules"][0]["host"] == "kring.example.org"
    # WebSockets (subscriptions) stay open past the controller's default 60 s.
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]


def test_aura_values_take_secrets_from_outside_the_chart() -> None:
    objects = _by_kind(_render(*AURA))
    api = objects[("Deployment", "kring-api")]["spec"]
    assert api["replicas"] == 3
    assert ("HorizontalPodAutoscaler", "kring-api") not in objects
    assert ("PersistentVolumeClaim", "kring-shared") not in objects
    assert objects[("ConfigMap", "kring")]["data"]["NEO4J_URI"].startswith("neo4j+s://")
    env = api["template"]["spec"]["containers"][0]["env"]
    password = next(e for e in env if e["name"] == "NEO4J_PASSWORD")
    assert password["valueFrom"]["secretKeyRef"]["name"] == "kring-neo4j"
    assert "NEO4J_PASSWORD" not in objects[("Secret", "kring-env")]["stringData"]


@pytest.mark.parametrize(
    "left_out", ["keys.existingSecret", "storage.storageClassName", "neo4j.password"]
)
def test_chart_refuses_to_render_without_what_kring_cannot_run_without(left_out: str) -> None:
    # Each would otherwise render and fail later: pods without keys, a claim Pending on a
    # default class that cannot be shared, Neo4j refusing an empty password at migration.
    refused = _helm(
        "template", "kring", str(CHART), "--kube-version", KUBE_VERSION,
        *CLUSTER, "--set", f"{left_out}=",
    )  # fmt: skip
    assert refused.returncode != 0
    assert left_out in refused.stderr


async def test_every_key_kring_makes_at_start_is_one_the_chart_supplies(
    neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    """A key a replica would make for itself is one the others do not share (or, on the
    chart's read-only key directory, one it cannot make at all: the pod would not start)."""
    settings = Settings(data_dir=tmp_path, push_worker=PushWorker.OFF)
    async with LifespanManager(create_app(settings, neo4j_target)):
        made = {entry.name for entry in settings.key_dir.iterdir()}
    api = _by_kind(_render(*CLUSTER))[("Deployment", "kring-api")]["spec"]["template"]["spec"]
    mounted = {
        PurePosixPath(mount["mountPath"]).relative_to("/var/lib/kring/keys").parts[0]
        for mount in api["containers"][0]["volumeMounts"]
        if mount["mountPath"].startswith("/var/lib/kring/keys/")
    }
    assert made, "Kring made no keys at start: the test would prove nothing"
    assert made <= mounted, f"made at start but not mounted: {made - mounted}"
