"""Static checks of the deployment files (no Docker engine or cluster here): compose.yaml is
valid for docker-compose and demands its secrets, the Kubernetes manifests validate
strictly against the Kubernetes schema, and the Dockerfile keeps its promises and passes hadolint."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from e2e_support import ROOT

SECRETS = ["POSTGRES_PASSWORD", "IDENTITY_DB_PASSWORD", "PACS_DB_PASSWORD", "IDENTITY_ADMIN_PASSWORD", "PACS_CLIENT_SECRET",
           "GATEWAY_SESSION_SECRET"]


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
    # The image builds as make run does; swift build would keep only the last of several --product.
    assert re.search(r"^RUN scripts/release-build.sh", text, re.M) and "--product" not in text
    assert "--static-swift-stdlib" in (ROOT / "scripts" / "release-build.sh").read_text()
    assert re.search(r"^USER (?!root|0\b)[0-9]+(:[0-9]+)?$", text, re.M), "a numeric non-root user"
    assert re.search(r"^HEALTHCHECK .*healthcheck", text, re.M)
    assert (ROOT / ".dockerignore").exists()


def test_the_image_gives_the_storage_volume_to_its_user():
    """A new named volume takes its owner from the image's directory; without it, the
    unprivileged pacs-service could not write a single instance."""
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    user = re.search(r"^USER ([0-9]+)", text, re.M).group(1)
    config = yaml.safe_load(compose("config", env={name: "test-value" for name in SECRETS}).stdout)
    pacs = config["services"]["pacs-service"]
    storage = pacs["environment"]["PACS_STORAGE_DIR"]
    # docker-compose v1 prints short volume syntax (source:target:mode), v2 long syntax.
    targets = [volume["target"] if isinstance(volume, dict) else volume.split(":")[1] for volume in pacs["volumes"]]
    assert storage in targets, targets
    assert re.search(rf"install -d -o {user} -g {user} .*{re.escape(storage)}$", text, re.M), storage
    assert not re.search(r"^COPY .*--chown", text, re.M), "the executables stay root's"


def test_dockerfile_passes_hadolint():
    linter = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(linter), "--no-color", "--config", str(ROOT / "deploy" / "hadolint.yaml"),
                             str(ROOT / "deploy" / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# What each service needs inside a container network (the defaults only suit one machine).
CONTAINER_SETTINGS = {
    "identity-service": ["DATABASE_URL", "IDENTITY_ADMIN_PASSWORD", "PACS_CLIENT_SECRET", "IDENTITY_IMPORT_REALMS", "PUBLIC_URL"],
    "pacs-service": ["DATABASE_URL", "PACS_STORAGE_DIR", "PACS_IDENTITY_URLS", "PUBLIC_URL"],
    "edge-gateway": ["GATEWAY_IDENTITY_URLS", "GATEWAY_PACS_URLS", "PACS_CLIENT_SECRET", "GATEWAY_SESSION_SECRET",
                     "GATEWAY_VIEWER_ROOT", "PUBLIC_URL"],
}


def test_compose_gives_each_service_the_settings_a_container_needs():
    config = yaml.safe_load(compose("config", env={name: "test-value" for name in SECRETS}).stdout)
    for name, keys in CONTAINER_SETTINGS.items():
        environment = config["services"][name]["environment"]
        assert set(keys) <= environment.keys(), f"{name} lacks {set(keys) - environment.keys()}"
    gateway = config["services"]["edge-gateway"]["environment"]
    assert gateway["GATEWAY_VIEWER_ROOT"] == "/app/viewer"
    assert config["services"]["identity-service"]["environment"]["IDENTITY_IMPORT_REALMS"] == "/app/realms/ohif-realm.json"


def test_kubernetes_gives_each_service_the_settings_a_container_needs():
    config_map = {}
    containers = {}
    for path in (ROOT / "deploy" / "kubernetes").glob("*.yaml"):
        for document in yaml.safe_load_all(path.read_text()):
            if document["kind"] == "ConfigMap" and document["metadata"]["name"] == "tessera-config":
                config_map = document["data"]
            if document["kind"] == "Deployment":
                containers[document["metadata"]["name"]] = document["spec"]["template"]["spec"]["containers"][0]
    for name, keys in CONTAINER_SETTINGS.items():
        names = {variable["name"] for variable in containers[name].get("env", [])} | config_map.keys()
        assert set(keys) <= names, f"{name} lacks {set(keys) - names}"


def test_the_image_carries_the_viewer_and_the_seed_realm():
    text = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "fetch-viewer.sh" in text and re.search(r"^COPY --from=viewer .* /app/viewer$", text, re.M)
    assert re.search(r"^COPY .*deploy/realms /app/realms$", text, re.M)
    assert "libturbojpeg0" in text, "pacs-service links libturbojpeg at run time"
