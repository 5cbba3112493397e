"""Helpers shared by the end-to-end suites (import them from here, never from `conftest`:
every suite folder has its own conftest.py and the name is ambiguous)."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(os.environ.get("TESSERA_BIN_DIR", ROOT / ".build" / "debug"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, headers=None, timeout=5):
    """GET url; returns (status, headers, body bytes) for any HTTP status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def psql(url, sql):
    """Runs SQL with psql and returns its unaligned output."""
    result = subprocess.run(["psql", url, "-tAqc", sql], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


@dataclass(frozen=True)
class ImageUser:
    """How the container image runs the executables: as `uid`/`gid` (setpriv, so only when the
    tests run as root), from `app_dir`, a root-owned copy of the build laid out like the
    image's /app (executables, resource bundles, realms/)."""
    uid: int
    gid: int
    app_dir: Path


class ServiceProcess:
    """One running service executable with its port and captured output."""

    def __init__(self, name, env, log_path, image_user=None):
        """`image_user` (an ``ImageUser``): start the executable as the container image does."""
        self.name = name
        self.port = int(env["HTTP_PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        command = [str(BIN_DIR / name)]
        if image_user is not None:
            command = ["setpriv", f"--reuid={image_user.uid}", f"--regid={image_user.gid}", "--clear-groups",
                       str(image_user.app_dir / name)]
        self.process = subprocess.Popen(
            command, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd="/" if image_user else log_path.parent
        )

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode}:\n{self.output()}")
            try:
                status, _, _ = http_get(self.url + "/readyz", timeout=3)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name} not ready after {timeout} s:\n{self.output()}")

    def output(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


def run_binary(name, *args, env=None, timeout=30, cwd=None):
    environment = {"PATH": os.environ.get("PATH", "")}
    environment.update(env or {})
    return subprocess.run([str(BIN_DIR / name), *args], env=environment, capture_output=True, text=True, timeout=timeout, cwd=cwd or "/")


def json_body(body):
    return json.loads(body.decode())
