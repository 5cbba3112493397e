#!/usr/bin/env python3
"""identity-service throughput per core against Keycloak's published sizing figures.

Starts the release identity-service pinned to CPU 0 (taskset) with a benchmark realm, drives it
with wrk pinned to CPU 1 (PostgreSQL also runs on CPU 1), and reports, per scenario, completed
requests per second of identity-service CPU time (utime + stime from /proc/PID/stat: the figure
per core, independent of what else the machine runs) and per wall-clock second.

Usage: bench.py --bin DIR --database-url URL --work DIR [--seconds N]
"""
import argparse
import base64
import concurrent.futures
import json
import os
import re
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REALM = "bench"
CLIENT = "bench-service"
SECRET = "bench-service-secret-0123456789"
PASSWORD = "Bench-Password-1"
USERS = 8
HASH_ITERATIONS = 210_000  # Tessera's (and Keycloak 24's) default: PBKDF2-SHA512, 210,000 iterations

# Keycloak's sizing guide ("Concepts for sizing CPU and memory resources"), per vCPU.
KEYCLOAK = {
    "password logins": 15,  # Keycloak 25+/26 (default hash Argon2id); 8/s in the Keycloak 24 guide (PBKDF2-SHA512, 210,000)
    "client credentials": 120,
    "refresh (rotating)": 120,
    "refresh + ID token": 120,
    "introspection": None,
}
TARGETS = {"password logins": 8, "client credentials": 1000, "refresh (rotating)": 1000,
           "refresh + ID token": 1000, "introspection": 3000}
KEYCLOAK_BASE_MB = 1250


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def realm_file(work: Path) -> Path:
    users = [{
        "username": f"bench-user-{i}", "enabled": True, "email": f"bench-user-{i}@example.org",
        "firstName": "Bench", "lastName": f"User {i}", "emailVerified": True,
        "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}],
        "realmRoles": ["reader"],
    } for i in range(USERS)]
    realm = {
        "realm": REALM, "enabled": True, "revokeRefreshToken": True, "refreshTokenMaxReuse": 0,
        "sslRequired": "none",
        "roles": {"realm": [{"name": "reader"}, {"name": "writer"}]},
        "clients": [{
            "clientId": CLIENT, "enabled": True, "publicClient": False, "secret": SECRET,
            "serviceAccountsEnabled": True, "directAccessGrantsEnabled": True, "standardFlowEnabled": False,
            "redirectUris": [], "webOrigins": [],
        }],
        "users": users,
    }
    path = work / "bench-realm.json"
    path.write_text(json.dumps(realm))
    return path


class Server:
    def __init__(self, binary: Path, database_url: str, work: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, HTTP_PORT=str(self.port), DATABASE_URL=database_url, LOG_LEVEL="warning",
                   PUBLIC_URL=self.url, IDENTITY_IMPORT_REALMS=str(realm_file(work)), DATABASE_POOL_SIZE="10")
        self.log = open(work / "identity.log", "w")
        self.process = subprocess.Popen(["taskset", "-c", "0", str(binary)], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.started = time.monotonic()

    def wait_ready(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"identity-service exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url + "/readyz", timeout=2)
                return time.monotonic() - self.started
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise SystemExit("identity-service did not become ready")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def status(self, key: str) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def token_path() -> str:
    return f"/realms/{REALM}/protocol/openid-connect/token"


def post(url: str, form: dict) -> dict:
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=120) as response:
        return json.loads(response.read())


def password_form(user: int, scope=None) -> dict:
    form = {"grant_type": "password", "client_id": CLIENT, "client_secret": SECRET,
            "username": f"bench-user-{user}", "password": PASSWORD}
    if scope:
        form["scope"] = scope
    return form


def hash_floor(rounds=3) -> float:
    """PBKDF2-SHA512 at the default cost, alone, on the server's core: seconds of CPU per hash
    (Python's hashlib, i.e. OpenSSL; BoringSSL in the server is about as fast). Hashing one
    password at a time cannot beat it; identity-service runs up to four concurrent logins'
    hashes side by side in AVX2 lanes (CPBKDF2), which the 4-connection login scenario uses."""
    code = ("import hashlib,time\nt=time.process_time()\n"
            f"for i in range({rounds}): hashlib.pbkdf2_hmac('sha512', b'Bench-Password-1', b'0123456789abcdef', {HASH_ITERATIONS}, 64)\n"
            f"print((time.process_time()-t)/{rounds})")
    return float(subprocess.run(["taskset", "-c", "0", "python3", "-c", code], capture_output=True, text=True, check=True).stdout)


def rsa_signs_per_second() -> float:
    """RSA-2048 private-key operations per second on the server's core (`openssl speed`): the
    ceiling of a grant that signs one RS256 token, half of it for one that signs two."""
    output = subprocess.run(["taskset", "-c", "0", "openssl", "speed", "-seconds", "2", "rsa2048"],
                            capture_output=True, text=True, check=True).stdout
    return float(re.search(r"^rsa\s+2048 bits\s+\S+\s+\S+\s+(\S+)", output, re.M).group(1))


# RS256 signatures per grant (client credentials: access token; refresh: access token, the
# refresh token is HS512; with scope openid also an ID token).
SIGNATURES = {"client credentials": 1, "refresh (rotating)": 1, "refresh + ID token": 2}


def run_wrk(server: Server, name: str, script: str, env: dict, connections: int, seconds: int, path: str) -> dict:
    before = server.cpu_seconds()
    started = time.monotonic()
    command = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", str(HERE / script), server.url + path]
    output = subprocess.run(command, env=dict(os.environ, THREADS="1", BENCH_PATH=path, **env),
                            capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - started
    cpu = server.cpu_seconds() - before
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    ok = total - (int(bad.group(1)) if bad else 0)
    latency = re.search(r"Latency\s+(\S+)", output)
    return {"name": name, "ok": ok, "failed": total - ok, "cpu": cpu, "wall": wall,
            "per_cpu": ok / cpu if cpu > 0 else 0.0, "per_wall": ok / wall, "busy": cpu / wall,
            "latency": latency.group(1) if latency else "?", "socket_errors": errors.group(1) if errors else ""}


def median_run(runs: list) -> dict:
    """The run with the median per-core figure, carrying every run's per-core figure
    (`range`) and all runs' failures: this VM's speed drifts by about ±10% (openssl speed
    rsa2048 alone moved between 1,280 and 1,500 signs/s in one day)."""
    ordered = sorted(runs, key=lambda run: run["per_cpu"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["range"] = [run["per_cpu"] for run in runs]
    chosen["failed"] = sum(run["failed"] for run in runs)
    return chosen


def sampler(server: Server, stop: threading.Event, peak: list):
    while not stop.wait(0.25):
        try:
            peak[0] = max(peak[0], server.status("VmRSS"))
        except OSError:
            return


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, type=Path)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    args = parser.parse_args()
    seconds = args.seconds
    floor = hash_floor()
    signs = rsa_signs_per_second()

    server = Server(args.bin / "identity-service", args.database_url, args.work)
    try:
        ready = server.wait_ready()
        time.sleep(5)
        idle_rss = server.status("VmRSS")

        token_url = server.url + token_path()
        # Warm up the signing keys, caches and connection pool.
        for _ in range(3):
            post(token_url, {"grant_type": "client_credentials", "client_id": CLIENT, "client_secret": SECRET})
        user_token = post(token_url, password_form(0, "openid profile email"))["access_token"]

        def mint(i, scope):
            return post(token_url, password_form(i % USERS, scope))["refresh_token"]

        # Enough connections to keep CPU 0 saturated through PostgreSQL's commit latency (each
        # refresh waits for a durable commit): per-core capacity is measured at full load, as
        # the 'busy' column shows. At 16 the refresh runs left the core ~20% idle, and idle
        # wake-ups inflated the CPU per grant.
        connections = 32
        bodies = {
            "login": urllib.parse.urlencode(password_form(1)),
            "cc": urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": CLIENT, "client_secret": SECRET}),
            "introspect": urllib.parse.urlencode({"token": user_token, "client_id": CLIENT, "client_secret": SECRET}),
        }
        for key, body in bodies.items():
            (args.work / f"{key}.body").write_text(body)
        refresh_prefix = urllib.parse.urlencode({"grant_type": "refresh_token", "client_id": CLIENT, "client_secret": SECRET}) + "&refresh_token="

        def one_round():
            # Fresh refresh tokens each round: the previous round spent (rotated) the old ones.
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                plain = list(pool.map(lambda i: mint(i, None), range(connections * 2)))
                openid = list(pool.map(lambda i: mint(i, "openid profile email"), range(connections * 2)))
            (args.work / "refresh-plain.txt").write_text("\n".join(plain) + "\n")
            (args.work / "refresh-openid.txt").write_text("\n".join(openid) + "\n")
            return [
                run_wrk(server, "password logins", "token.lua", {"BODY_FILE": str(args.work / "login.body")}, 4, seconds + 5, token_path()),
                run_wrk(server, "client credentials", "token.lua", {"BODY_FILE": str(args.work / "cc.body")}, connections, seconds, token_path()),
                run_wrk(server, "refresh (rotating)", "refresh.lua",
                        {"TOKENS_FILE": str(args.work / "refresh-plain.txt"), "BODY_PREFIX": refresh_prefix}, connections, seconds, token_path()),
                run_wrk(server, "refresh + ID token", "refresh.lua",
                        {"TOKENS_FILE": str(args.work / "refresh-openid.txt"), "BODY_PREFIX": refresh_prefix}, connections, seconds, token_path()),
                run_wrk(server, "introspection", "token.lua", {"BODY_FILE": str(args.work / "introspect.body")}, connections, seconds,
                        f"/realms/{REALM}/protocol/openid-connect/token/introspect"),
            ]

        stop, peak = threading.Event(), [0.0]
        watcher = threading.Thread(target=sampler, args=(server, stop, peak), daemon=True)
        watcher.start()
        rounds = [one_round() for _ in range(args.rounds)]
        results = [median_run([round_[index] for round_ in rounds]) for index in range(len(rounds[0]))]
        stop.set()
        watcher.join()
        loaded_rss = max(peak[0], server.status("VmRSS"))
        high_water = server.status("VmHWM")
    finally:
        server.stop()
    signs_after = rsa_signs_per_second()

    print("== identity: per-core throughput (release build; server pinned to CPU 0, wrk and PostgreSQL on CPU 1) ==")
    print(f"password hash: PBKDF2-SHA512, {HASH_ITERATIONS:,} iterations (Tessera's default, = Keycloak 24's default)")
    print("keep-alive connections (4 for logins, 32 otherwise); 'per core' = completed 2xx answers / identity-service CPU seconds "
          "(/proc/PID/stat); 'busy' = the share of CPU 0 identity-service used during the run;")
    print(f"each scenario ran {len(rounds)} times: the median run is shown, every run's per-core figure in brackets")
    header = (f"{'scenario':<20} {'per core/s':>11} {'wall/s':>9} {'busy':>6} {'failed':>7} {'p50 lat':>8} {'target':>7} "
              f"{'Keycloak/vCPU':>14} {'x Keycloak':>11}")
    print(header)
    for r in results:
        anchor = KEYCLOAK[r["name"]]
        ratio = f"{r['per_cpu'] / anchor:.1f}x" if anchor else "-"
        verdict = "ok" if r["per_cpu"] >= TARGETS[r["name"]] else "MISSED"
        print(f"{r['name']:<20} {r['per_cpu']:>11.0f} {r['per_wall']:>9.0f} {r['busy']:>6.0%} {r['failed']:>7} {r['latency']:>8} "
              f"{TARGETS[r['name']]:>7} {anchor or '-':>14} {ratio:>11}  {verdict}"
              + f"  [{', '.join(f'{value:.0f}' for value in r['range'])}]"
              + (f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""))
    print(f"RS256 ceiling on this CPU (openssl speed rsa2048 on CPU 0: {signs:.0f} signs/s before the runs, {signs_after:.0f} after): "
          + ", ".join(f"{name} {signs / count:.0f}/s" for name, count in SIGNATURES.items()))
    print("Keycloak anchors: 15 logins/s/vCPU at its current default hash (Argon2); its Keycloak 24 guide gave 8/s/vCPU")
    print("at PBKDF2-SHA512 210,000 iterations (the same hash cost as here), so the login target above is 8/s.")
    login = next(r for r in results if r["name"] == "password logins")
    print(f"one password login here: {1000 / login['per_cpu']:.0f} ms of server CPU; PBKDF2-SHA512 {HASH_ITERATIONS:,} alone on CPU 0 "
          f"(hashlib/OpenSSL): {floor * 1000:.0f} ms, i.e. at most {1 / floor:.1f} hashes/s one at a time on this CPU\n"
          "(concurrent logins share AVX2 lanes, up to four hashes per pass)." if login["per_cpu"] > 0 else "")
    print("'refresh + ID token' asks for scope openid, so each refresh also signs an ID token (two RS256 signatures).")
    print(f"{'memory':<20} {'MB':>11}")
    print(f"{'idle RSS':<20} {idle_rss:>11.1f}   target < 50   Keycloak base ~{KEYCLOAK_BASE_MB} MB per pod ({KEYCLOAK_BASE_MB / idle_rss:.0f}x)")
    print(f"{'loaded RSS (peak)':<20} {loaded_rss:>11.1f}   (VmHWM {high_water:.1f})")
    print(f"ready after {ready:.2f} s")


if __name__ == "__main__":
    main()
