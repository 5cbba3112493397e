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



def kubernetes_documents():
    for path in sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml")):
        yield from (document for document in yaml.safe_load_all(path.read_text()) if document)


def test_kubernetes_references_resolve():
    """Every ConfigMap, Secret key, claim, Service, Deployment and port a manifest names is
    defined in the manifests (Secrets in secrets.example.yaml); only the Ingress's TLS
    certificate comes from outside, and the README says how to make it."""
    documents = list(kubernetes_documents())
    defined = {(document["kind"], document["metadata"]["name"]): document for document in documents}
    deployments = [document for document in documents if document["kind"] == "Deployment"]

    def keys_of(kind, name):
        assert (kind, name) in defined, f"{kind} {name} is used but not defined"
        document = defined[(kind, name)]
        return set(document.get("data", {})) | set(document.get("stringData", {}))

    def selected(selector):
        return [d["metadata"]["name"] for d in deployments
                if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()]

    for deployment in deployments:
        pod = deployment["spec"]["template"]["spec"]
        volumes = {volume["name"]: volume for volume in pod.get("volumes", [])}
        for volume in volumes.values():
            if "configMap" in volume:
                keys_of("ConfigMap", volume["configMap"]["name"])
            if "secret" in volume:
                keys_of("Secret", volume["secret"]["secretName"])
            if "persistentVolumeClaim" in volume:
                assert ("PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"]) in defined
        for container in pod["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    keys_of("ConfigMap", source["configMapRef"]["name"])
                if "secretRef" in source:
                    keys_of("Secret", source["secretRef"]["name"])
            for variable in container.get("env", []):
                reference = variable.get("valueFrom", {})
                for kind, field in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
                    if field in reference:
                        assert reference[field]["key"] in keys_of(kind, reference[field]["name"]), variable
            ports = {port["name"] for port in container.get("ports", [])}
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                if probe in container:
                    assert container[probe]["httpGet"]["port"] in ports
            mounts = {}
            for mount in container.get("volumeMounts", []):
                assert mount["name"] in volumes, mount
                mounts[mount["mountPath"]] = volumes[mount["name"]]
            # A file the service is told to read from a mounted ConfigMap is one of its keys.
            for variable in container.get("env", []):
                directory, _, file = variable.get("value", "").rpartition("/")
                if directory in mounts and "configMap" in mounts[directory]:
                    assert file in keys_of("ConfigMap", mounts[directory]["configMap"]["name"]), variable

    for document in documents:
        kind = document["kind"]
        if kind == "Service":
            assert selected(document["spec"]["selector"]), f"Service {document['metadata']['name']} selects no pod"
        if kind == "PodDisruptionBudget":
            assert selected(document["spec"]["selector"]["matchLabels"])
        if kind == "HorizontalPodAutoscaler":
            assert ("Deployment", document["spec"]["scaleTargetRef"]["name"]) in defined
        if kind == "Ingress":
            for rule in document["spec"]["rules"]:
                for path in rule["http"]["paths"]:
                    backend = path["backend"]["service"]
                    service = defined[("Service", backend["name"])]
                    assert backend["port"]["name"] in {port["name"] for port in service["spec"]["ports"]}
            readme = (ROOT / "deploy" / "kubernetes" / "README.md").read_text()
            for tls in document["spec"].get("tls", []):
                assert tls["secretName"] in readme, "the README must say where the TLS certificate comes from"


def test_kubernetes_backends_are_headless_so_the_gateway_sees_each_pod():
    gateway = next(d for d in kubernetes_documents() if d["kind"] == "Deployment" and d["metadata"]["name"] == "edge-gateway")
    environment = {v["name"]: v.get("value") for v in gateway["spec"]["template"]["spec"]["containers"][0]["env"]}
    services = {d["metadata"]["name"]: d for d in kubernetes_documents() if d["kind"] == "Service"}
    for key in ("GATEWAY_IDENTITY_URLS", "GATEWAY_PACS_URLS"):
        host = re.match(r"https?://([^:/]+)", environment[key]).group(1)
        assert services[host]["spec"].get("clusterIP") == "None", f"{host} must be headless"



def test_kubernetes_ingress_serves_the_public_url():
    documents = list(kubernetes_documents())
    config = next(d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "tessera-config")
    ingress = next(d for d in documents if d["kind"] == "Ingress")
    public = re.match(r"(https?)://([^/:]+)", config["data"]["PUBLIC_URL"])
    assert [rule["host"] for rule in ingress["spec"]["rules"]] == [public.group(2)]
    if public.group(1) == "https":
        assert public.group(2) in ingress["spec"]["tls"][0]["hosts"]

def test_kubernetes_seed_realm_is_the_repository_s_realm():
    config_map = next(d for d in kubernetes_documents() if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "tessera-realms")
    realm = (ROOT / "deploy" / "realms" / "ohif-realm.json").read_text()
    assert config_map["data"]["ohif-realm.json"] == realm, \
        "deploy/kubernetes/realms-configmap.yaml is out of date: regenerate it as its header says"

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
