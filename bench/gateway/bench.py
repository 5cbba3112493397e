"""edge-gateway vs nginx, side by side on one upstream (see bench/gateway/run).

Usage: bench.py RELEASE_BIN_DIR. Starts a throwaway PostgreSQL, identity-service, an nginx
upstream serving the files, nginx (plain and auth_request) and edge-gateway (jwt and
introspection), then runs wrk against each in alternating order, round after round.
"""
import base64
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from nginx_configs import render  # noqa: E402
from measure import ProcessTree, Runner, free_port, wait_http  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECRET = "bench-pacs-client-secret-0123456789"
REALM = "ohif"

# workload -> (path, authenticated, configs that run it)
WORKLOADS = {
    "small JSON (auth)": ("/pacs/bench/small.json", True,
                          ["nginx plain", "nginx+auth_request", "gateway jwt", "gateway introspection", "bare NIO proxy"]),
    "512 KB (auth)": ("/pacs/bench/large.bin", True,
                      ["nginx plain", "nginx+auth_request", "gateway jwt", "gateway introspection", "bare NIO proxy"]),
    "static file": ("/assets/app.3f9a2c.js", False, ["nginx plain", "gateway jwt"]),
}


def make_files(work):
    data = work / "data" / "bench"
    data.mkdir(parents=True)
    studies = [{"0020000D": {"vr": "UI", "Value": [f"1.2.826.0.1.3680043.8.498.{i}"]},
                "00100010": {"vr": "PN", "Value": [{"Alphabetic": "BENCH^PATIENT"}]}} for i in range(3)]
    (data / "small.json").write_text(json.dumps(studies))
    (data / "large.bin").write_bytes(os.urandom(512 * 1024))
    static = work / "viewer"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>viewer</title>")
    (static / "assets" / "app.3f9a2c.js").write_text("console.log('tessera');\n" * 1400)  # ~34 KB
    return work / "data", static


def start_nginx(runner, work, name, **settings):
    directory = work / name
    directory.mkdir()
    port = free_port()
    (directory / "nginx.conf").write_text(render(settings.pop("kind"), directory, port, **settings))
    process = runner.start(name, ["nginx", "-p", str(directory), "-c", str(directory / "nginx.conf")])
    return process, port


def client_token(identity_port):
    request = urllib.request.Request(
        f"http://127.0.0.1:{identity_port}/realms/{REALM}/protocol/openid-connect/token",
        data=urllib.parse.urlencode({"grant_type": "client_credentials"}).encode(),
        headers={"Authorization": "Basic " + base64.b64encode(f"pacs:{SECRET}".encode()).decode()})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["access_token"]


def wrk(url, headers, seconds):
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    for header in headers:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    def duration(text):
        for unit, scale in (("us", 1e-3), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
            if text.endswith(unit) and text[: -len(unit)].replace(".", "").isdigit():
                return float(text[: -len(unit)]) * scale
        raise ValueError(text)

    result = {"errors": 0}
    for line in output.splitlines():
        words = line.split()
        if line.strip().startswith("50%"):
            result["p50"] = duration(words[1])
        elif line.strip().startswith("99%"):
            result["p99"] = duration(words[1])
        elif "requests in" in line:
            result["requests"] = int(words[0])
        elif line.startswith("Requests/sec:"):
            result["rps"] = float(words[1])
        elif "Non-2xx" in line:
            result["errors"] += int(words[-1])
        elif line.strip().startswith("Socket errors:"):
            result["errors"] += sum(int(part.split()[-1]) for part in line.split(":", 1)[1].split(","))
    return result


def main(bin_dir):
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    cluster = ROOT / ".build" / "bench-gateway-postgres"
    runner = Runner(work)
    try:
        database = subprocess.run([str(ROOT / "scripts/postgres-cluster.sh"), "start", str(cluster)],
                                  capture_output=True, text=True, check=True).stdout.strip()
        data, static = make_files(work)
        gateway_port, gateway2_port, identity_port = free_port(), free_port(), free_port()
        public_url = f"http://127.0.0.1:{gateway_port}"
        identity = runner.start("identity-service", [str(bin_dir / "identity-service")], env={
            "HTTP_PORT": identity_port, "DATABASE_URL": database, "PUBLIC_URL": public_url, "LOG_LEVEL": "warning",
            "IDENTITY_IMPORT_REALMS": ROOT / "deploy/realms/ohif-realm.json", "IDENTITY_IMPORT_STRATEGY": "overwrite",
            "PACS_CLIENT_SECRET": SECRET})
        wait_http(f"http://127.0.0.1:{identity_port}/readyz", identity)
        upstream, upstream_port = start_nginx(runner, work, "upstream", kind="upstream", data=data, workers=1)
        wait_http(f"http://127.0.0.1:{upstream_port}/readyz", upstream)
        plain, plain_port = start_nginx(runner, work, "nginx-plain", kind="plain", upstream=upstream_port, static=static)
        auth, auth_port = start_nginx(runner, work, "nginx-auth", kind="auth_request", upstream=upstream_port,
                                      identity=identity_port, static=static, secret=SECRET, realm=REALM)
        gateway_env = {
            "PUBLIC_URL": public_url, "LOG_LEVEL": "warning", "GATEWAY_IDENTITY_URLS": f"http://127.0.0.1:{identity_port}",
            "GATEWAY_PACS_URLS": f"http://127.0.0.1:{upstream_port}", "GATEWAY_VIEWER_ROOT": static, "PACS_CLIENT_SECRET": SECRET,
            "GATEWAY_SESSION_SECRET": "bench-session-secret-0123456789abcdef"}
        gateway = runner.start("gateway-jwt", [str(bin_dir / "edge-gateway")], env={**gateway_env, "HTTP_PORT": gateway_port})
        gateway2 = runner.start("gateway-introspection", [str(bin_dir / "edge-gateway")], env={
            **gateway_env, "HTTP_PORT": gateway2_port, "GATEWAY_AUTH_MODE": "introspection"})
        for port, process in ((plain_port, plain), (auth_port, auth), (gateway_port, gateway), (gateway2_port, gateway2)):
            wait_http(f"http://127.0.0.1:{port}/index.html", process)
        # The reference floor: a proxy on Swift NIO that does none of the gateway's work.
        bare_port = free_port()
        bare = runner.start("bare-nio-proxy", [str(bin_dir / "bench-nio-proxy"), str(bare_port), str(upstream_port), "/pacs"], env={})
        wait_http(f"http://127.0.0.1:{bare_port}/pacs/readyz", bare)
        configs = {
            "nginx plain": (plain_port, ProcessTree(plain.pid)),
            "nginx+auth_request": (auth_port, ProcessTree(auth.pid)),
            "gateway jwt": (gateway_port, ProcessTree(gateway.pid)),
            "gateway introspection": (gateway2_port, ProcessTree(gateway2.pid)),
            "bare NIO proxy": (bare_port, ProcessTree(bare.pid)),
        }
        auth_backend = ProcessTree(identity.pid)
        time.sleep(3)
        idle = {name: tree.rss_mb() for name, (_, tree) in configs.items()}
        threads = {name: tree.threads() for name, (_, tree) in configs.items()}

        results = {}  # (workload, config) -> [round results]

        def measure(workload, config, seconds):
            path, authenticated, _ = WORKLOADS[workload]
            port, tree = configs[config]
            headers = [f"Authorization: Bearer {client_token(identity_port)}"] if authenticated else []
            cpu, backend_cpu = tree.cpu_seconds(), auth_backend.cpu_seconds()
            outcome = wrk(f"http://127.0.0.1:{port}{path}", headers, seconds)
            requests = max(outcome.get("requests", 0), 1)
            outcome["cpu_us"] = (tree.cpu_seconds() - cpu) / requests * 1e6
            outcome["auth_cpu_us"] = (auth_backend.cpu_seconds() - backend_cpu) / requests * 1e6
            return outcome

        print(f"== gateway: edge-gateway vs nginx {nginx_version()} (wrk, {CONNECTIONS} connections, {SECONDS} s per run, "
              f"{ROUNDS} alternating rounds) ==", flush=True)
        for workload, (_, _, names) in WORKLOADS.items():  # warm-up, discarded
            for config in names:
                measure(workload, config, 1)
        for round_index in range(ROUNDS):
            for workload, (_, _, names) in WORKLOADS.items():
                order = names if round_index % 2 == 0 else list(reversed(names))
                for config in order:
                    results.setdefault((workload, config), []).append(measure(workload, config, SECONDS))
            print(f"round {round_index + 1}/{ROUNDS} done", flush=True)
        report(results, idle, threads)
    finally:
        runner.stop_all()
        subprocess.run([str(ROOT / "scripts/postgres-cluster.sh"), "stop", str(cluster)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def nginx_version():
    return subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1]


def report(results, idle, threads):
    median = statistics.median
    for workload, (_, _, names) in WORKLOADS.items():
        print(f"\n-- {workload} --")
        print(f"{'proxy':24}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'CPU µs/req':>12}{'+auth µs/req':>14}{'errors':>8}")
        for config in names:
            runs = results[(workload, config)]
            print(f"{config:24}{median(r['rps'] for r in runs):>10.0f}{median(r['p50'] for r in runs):>9.2f}"
                  f"{median(r['p99'] for r in runs):>9.2f}{median(r['cpu_us'] for r in runs):>12.1f}"
                  f"{median(r['auth_cpu_us'] for r in runs):>14.1f}{sum(r['errors'] for r in runs):>8}")
        for subject in [name for name in ("gateway jwt", "bare NIO proxy") if name in names]:
            print(f"paired ratios, {subject} / peer (median of rounds; per round in brackets):")
            peers = [name for name in names if name.startswith("nginx") or (subject != "bare NIO proxy" and name == "bare NIO proxy")]
            for peer in peers:
                pairs = list(zip(results[(workload, subject)], results[(workload, peer)]))
                for label, key, better in (("req/s", "rps", "higher"), ("CPU/req", "cpu_us", "lower"), ("p99", "p99", "lower")):
                    ratios = [mine[key] / theirs[key] if theirs[key] else float("inf") for mine, theirs in pairs]
                    print(f"  vs {peer:20} {label:8} {median(ratios):6.2f}  [{', '.join(f'{r:.2f}' for r in ratios)}]  ({better} is better)")
    print(f"\nthreads ({os.cpu_count()} CPUs): " + "; ".join(describe_threads(name, counts) for name, counts in threads.items()))
    print("  nginx serves from its worker processes (one thread each); the gateway from one NIO event loop per CPU "
          "(small static files it has cached are answered on the loop, others read on NIO's blocking pool); the main thread stays idle")
    print("idle RSS (MB): " + ", ".join(f"{name} {rss:.1f}" for name, rss in idle.items()))
    print("bare NIO proxy: bench/gateway/nio-proxy, a Swift NIO proxy with NIO's HTTP/1.1 codecs and none of the gateway's work "
          "(no token check, header policy, logs or metrics): the floor any NIO-based gateway starts from")
    print("targets: authenticated req/s >= 1.2x nginx+auth_request and >= 0.8x nginx plain; "
          "CPU per authenticated small request <= nginx+auth_request; p99 <= nginx+auth_request; gateway idle RSS < 40 MB")


def describe_threads(name, counts):
    """'nginx plain 2 workers' or 'gateway jwt 9 threads' from a process tree's thread counts."""
    if name.startswith("nginx"):
        workers = sum(1 for pid, _ in counts if process_title(pid).startswith("nginx: worker"))
        helpers = len(counts) - 1 - workers
        return f"{name} {workers} workers" + (f" (+{helpers} cache helper processes)" if helpers else "")
    return f"{name} {sum(count for _, count in counts)} threads"


def process_title(pid):
    """The command line a process shows (nginx retitles its workers)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
