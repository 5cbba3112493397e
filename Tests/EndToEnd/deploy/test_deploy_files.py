"""Static checks of the deployment files (no Docker engine or cluster here): compose.yaml is
valid for docker-compose and demands its secrets, the Kubernetes manifests validate
strictly against the Kubernetes schema, and the Dockerfile keeps its promises."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from e2e_support import ROOT

SECRETS = ["POSTGRES_PASSWORD", "IDENTITY_DB_PASSWORD", "PACS_DB_PASSWORD", "IDENTITY_ADMIN_PASSWORD", "PACS_CLIENT_SECRET"]


def compose(*args, env):
    return subprocess.run(["docker-compose", "-f", str(ROOT / "compose.yaml"), *args],
                          env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True, cwd=ROOT)


def test_compose_file_is_valid_with_its_secrets():
    result = compose("config", env={name: "test-value" for name in SECRETS})
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert {"postgres", "identity-service", "pacs-service", "edge-gateway"} <= config["services"].keys()
    published = [name for name, service in config["services"].items() if service.get("ports")]
    assert published == ["edge-gateway"], "only the gateway may publish ports"
    pacs = config["services"]["pacs-service"]
    assert "container_name" not in pacs, "pacs-service must be scalable"
    for name in ["identity-service", "pacs-service", "edge-gateway"]:
        service = config["services"][name]
        assert service["healthcheck"]["test"][1] == f"/app/{name}" and service["healthcheck"]["test"][2] == "healthcheck"
        assert service.get("restart") == "unless-stopped"
    assert config["networks"]["backend"]["internal"] is True


@pytest.mark.parametrize("missing", SECRETS)
def test_compose_refuses_to_start_without_each_secret(missing):
    env = {name: "test-value" for name in SECRETS if name != missing}
    result = compose("config", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_env_example_lists_every_variable_compose_reads():
    text = (ROOT / "compose.yaml").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)", text))
    example = {line.split("=")[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line and not line.startswith("#")}
    assert used <= example, f"missing from .env.example: {used - example}"
    for secret in SECRETS:
        assert re.search(rf"^{secret}=$", (ROOT / ".env.example").read_text(), re.M), f"{secret} must have no default"


def test_kubernetes_manifests_validate_strictly():
    manifests = sorted(str(path) for path in (ROOT / "deploy" / "kubernetes").glob("*.yaml"))
    assert manifests
    validator = Path(sys.executable).parent / "kubernetes-validate"
    result = subprocess.run([str(validator), "--strict", "--quiet", *manifests], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    kinds = set()
    for manifest in manifests:
        for document in yaml.safe_load_all(Path(manifest).read_text()):
            kinds.add(document["kind"])
            if document["kind"] == "Deployment":
                container = document["spec"]["template"]["spec"]["containers"][0]
                assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
                assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
                assert document["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert {"Deployment", "Service", "Ingress", "Secret", "ConfigMap", "PersistentVolumeClaim",
            "PodDisruptionBudget", "HorizontalPodAutoscaler"} <= kinds


def test_dockerfile_builds_static_and_runs_unprivileged():
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert len(stages) >= 2 and stages[0].startswith("swift:")
    assert "--static-swift-stdlib" in text
    assert re.search(r"^USER (?!root)\S+", text, re.M)
    assert re.search(r"^HEALTHCHECK .*healthcheck", text, re.M)
    assert (ROOT / ".dockerignore").exists()
