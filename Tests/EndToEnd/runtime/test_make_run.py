"""`make run` (scripts/run.sh) on the debug build: starts PostgreSQL and the three services,
prints URLs and credentials, refuses a second concurrent run, and leaves nothing running
after SIGINT (what Ctrl-C sends)."""
import os
import re
import signal
import subprocess
import time

from e2e_support import ROOT, free_port, http_get


def pids_of(pattern):
    result = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def test_make_run_starts_everything_and_ctrl_c_stops_it(tmp_path):
    data = tmp_path / "data"
    ports = {"IDENTITY_PORT": free_port(), "PACS_PORT": free_port(), "GATEWAY_PORT": free_port()}
    env = dict(os.environ, TESSERA_DATA_DIR=str(data), TESSERA_BUILD_CONFIG="debug", TESSERA_SKIP_BUILD="1",
               IDENTITY_ADMIN_PASSWORD="correct-horse", **{k: str(v) for k, v in ports.items()})
    env.pop("DATABASE_URL", None)
    log = open(tmp_path / "run.log", "w+")
    # SIGINT as a terminal delivers it: reset, in case this test runner was started in the
    # background (where SIGINT is ignored, and bash can't trap a signal ignored at entry).
    runner = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while "Press Ctrl-C to stop." not in (tmp_path / "run.log").read_text():
            assert runner.poll() is None, (tmp_path / "run.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "run.log").read_text()
            time.sleep(0.3)
        output = (tmp_path / "run.log").read_text()
        assert f"http://localhost:{ports['GATEWAY_PORT']}" in output
        assert "admin / correct-horse" in output
        assert re.search(r"pacs client secret\s+\S{20,}", output)
        for port in ports.values():
            assert http_get(f"http://127.0.0.1:{port}/readyz")[0] == 200

        second = subprocess.run([str(ROOT / "scripts" / "run.sh")], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert second.returncode != 0
        assert "already running" in second.stderr

        pgdata = os.path.realpath(data / "postgres" / "pgdata")
        assert pids_of(pgdata), "PostgreSQL should be running"
        runner.send_signal(signal.SIGINT)
        try:
            assert runner.wait(timeout=60) == 130
        except subprocess.TimeoutExpired:
            logs = "\n".join(f"--- {log.name}\n" + log.read_text()[-3000:] for log in sorted((data / "logs").glob("*.log")))
            raise AssertionError(f"make run did not stop within 60 s of SIGINT:\n{(tmp_path / 'run.log').read_text()}\n{logs}")
        assert "stopped" in (tmp_path / "run.log").read_text()
        for port in ports.values():
            try:
                http_get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                raise AssertionError(f"port {port} still answers after Ctrl-C")
            except OSError:
                pass
        assert not pids_of(pgdata), "PostgreSQL started by make run is still running"
        assert not (data / "run.pid").exists()
    finally:
        if runner.poll() is None:
            runner.kill()
        subprocess.run([str(ROOT / "scripts" / "postgres-cluster.sh"), "stop", str(data / "postgres")])
