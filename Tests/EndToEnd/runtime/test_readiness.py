"""/readyz follows PostgreSQL: 503 with a reason within 5 s of the database going away,
200 again within 5 s of its return, without restarting the service."""
import json
import subprocess
import time

from e2e_support import ROOT, http_get

CLUSTER = ROOT / "scripts" / "postgres-cluster.sh"


def poll(url, want_status, timeout):
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            status, _, body = http_get(url, timeout=4)
            if status == want_status:
                return time.monotonic() - started, body
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer {want_status} within {timeout} s")


def test_readyz_follows_postgres(services, tmp_path):
    cluster = tmp_path / "cluster"  # the script relocates the data when `postgres` cannot reach it
    url = subprocess.run([str(CLUSTER), "start", str(cluster)], capture_output=True, text=True, check=True).stdout.strip()
    try:
        pacs = services("pacs-service", DATABASE_URL=url).wait_ready()
        identity = services("identity-service", DATABASE_URL=url).wait_ready()

        subprocess.run([str(CLUSTER), "stop", str(cluster)], check=True)
        for service in (pacs, identity):
            elapsed, body = poll(service.url + "/readyz", 503, timeout=5)
            answer = json.loads(body)
            assert answer["checks"]["database"]["status"] == "down"
            assert answer["checks"]["database"]["reason"]
            print(f"{service.name}: 503 after {elapsed:.2f} s")
        assert http_get(pacs.url + "/healthz")[0] == 200

        subprocess.run([str(CLUSTER), "start", str(cluster)], capture_output=True, check=True)
        for service in (pacs, identity):
            elapsed, _ = poll(service.url + "/readyz", 200, timeout=5)
            print(f"{service.name}: 200 again after {elapsed:.2f} s")
    finally:
        subprocess.run([str(CLUSTER), "stop", str(cluster)])
