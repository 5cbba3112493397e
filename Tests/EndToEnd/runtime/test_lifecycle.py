"""The three services as real processes: health endpoints, metrics, request ids, JSON
logs, the healthcheck subcommand, concurrent start-up of replicas and graceful shutdown."""
import http.server
import json
import re
import signal
import socketserver
import threading
import time
import urllib.request

from e2e_support import ROOT, http_get, psql, run_binary


def migration_count(service, library):
    """How many migrations the service ships (each must be recorded exactly once)."""
    return str(len(list((ROOT / "Services" / service / library / "Migrations").glob("*.sql"))))


def test_services_start_and_answer_health(services, database_url):
    identity = services("identity-service", DATABASE_URL=database_url).wait_ready()
    pacs = services("pacs-service", DATABASE_URL=database_url).wait_ready()
    gateway = services("edge-gateway", GATEWAY_IDENTITY_URLS=identity.url, GATEWAY_PACS_URLS=pacs.url).wait_ready()
    for service in (identity, pacs, gateway):
        status, headers, body = http_get(service.url + "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
        status, _, body = http_get(service.url + "/readyz")
        assert status == 200, body
        assert headers["Content-Type"].startswith("application/json")
    assert psql(database_url, "SELECT count(*) FROM identity.schema_migrations") == migration_count("identity-service", "IdentityService")
    assert psql(database_url, "SELECT count(*) FROM pacs.schema_migrations") == migration_count("pacs-service", "PACSService")


def request_count(url, route, status):
    _, _, body = http_get(url + "/metrics")
    pattern = re.compile(r'^hb_requests\{(.*)\} (\d+(?:\.\d+)?)$', re.M)
    total = 0.0
    for labels, value in pattern.findall(body.decode()):
        if f'http_route="{route}"' in labels and f'http_response_status_code="{status}"' in labels:
            total += float(value)
    return total


def test_metrics_count_requests_by_route_and_status(services, database_url):
    pacs = services("pacs-service", DATABASE_URL=database_url).wait_ready()
    before = request_count(pacs.url, "/healthz", 200)
    for _ in range(5):
        http_get(pacs.url + "/healthz")
    assert request_count(pacs.url, "/healthz", 200) == before + 5
    _, headers, body = http_get(pacs.url + "/metrics")
    text = body.decode()
    assert headers["Content-Type"].startswith("text/plain")
    assert "http_server_request_duration_bucket" in text
    rss = float(re.search(r"^process_resident_memory_bytes (\S+)$", text, re.M).group(1))
    assert rss > 1_000_000
    assert re.search(r"^process_cpu_seconds_total \S+$", text, re.M)


def test_request_id_is_propagated_and_logged_as_json(services, database_url):
    pacs = services("pacs-service", DATABASE_URL=database_url, LOG_FORMAT="json").wait_ready()
    _, headers, _ = http_get(pacs.url + "/readyz", headers={"X-Request-Id": "trace-42"})
    assert headers["X-Request-Id"] == "trace-42"
    status, headers, _ = http_get(pacs.url + "/no-such-route")
    assert status in (401, 404)  # 401 when the archive asks for a token first
    generated = headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    time.sleep(0.3)
    lines = [json.loads(line) for line in pacs.output().splitlines() if line.startswith("{")]
    assert lines, pacs.output()
    assert all({"ts", "level", "msg"} <= line.keys() for line in lines)
    logged = [line for line in lines if line.get("request_id") == generated]
    assert logged and logged[0]["path"] == "/no-such-route" and logged[0]["status"] == str(status)
    assert "DATABASE_URL" not in pacs.output() and database_url.split("@")[0] not in pacs.output()


def test_healthcheck_subcommand_reports_readiness(services, database_url):
    pacs = services("pacs-service", DATABASE_URL=database_url).wait_ready()
    ready = run_binary("pacs-service", "healthcheck", env={"HTTP_PORT": str(pacs.port)})
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "200" in ready.stdout
    pacs.stop()
    down = run_binary("pacs-service", "healthcheck", "--timeout", "2", env={"HTTP_PORT": str(pacs.port)})
    assert down.returncode == 1


def test_two_replicas_starting_together_apply_each_migration_once(services, database_url):
    first = services("pacs-service", DATABASE_URL=database_url)
    second = services("pacs-service", DATABASE_URL=database_url)
    first.wait_ready()
    second.wait_ready()
    assert psql(database_url, "SELECT count(*) FROM pacs.schema_migrations") == migration_count("pacs-service", "PACSService")
    assert psql(database_url, "SELECT count(*) FROM pacs.installation") == "1"


class SlowUpstream(http.server.BaseHTTPRequestHandler):
    """Answers every GET after a delay, like a busy upstream."""

    delay = 1.5

    def do_GET(self):
        time.sleep(self.delay)
        body = b'{"status":"ready"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_sigterm_drains_an_in_flight_request(services):
    upstream = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SlowUpstream)
    upstream.daemon_threads = True
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    slow_url = f"http://127.0.0.1:{upstream.server_address[1]}"
    try:
        gateway = services("edge-gateway", GATEWAY_IDENTITY_URLS=slow_url, GATEWAY_PACS_URLS=slow_url, SHUTDOWN_TIMEOUT="20")
        # /readyz is slow here (the upstreams take 1.5 s), so it is in flight when SIGTERM arrives.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                http_get(gateway.url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        result = {}

        def slow_request():
            with urllib.request.urlopen(gateway.url + "/readyz", timeout=30) as response:
                result["status"] = response.status
                result["body"] = response.read()

        client = threading.Thread(target=slow_request)
        client.start()
        time.sleep(0.7)
        started = time.monotonic()
        gateway.process.send_signal(signal.SIGTERM)
        client.join(timeout=30)
        assert result.get("status") == 200, gateway.output()
        assert json.loads(result["body"])["status"] == "ready"
        assert gateway.process.wait(timeout=30) == 0
        assert time.monotonic() - started < 20
    finally:
        upstream.shutdown()
