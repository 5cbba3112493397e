"""CPU time and memory of a server from /proc: the server process (all threads) plus the
PostgreSQL backends serving its database (found through pg_stat_activity)."""
import os
import subprocess
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """utime + stime of a process in seconds (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    """Resident set size (VmRSS) in MB."""
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """A running server: its pid and the database its PostgreSQL backends serve."""

    def __init__(self, name: str, url: str, pid: int, database: str, admin_url: str):
        self.name, self.url, self.pid, self.database, self.admin_url = name, url, pid, database, admin_url

    def backends(self) -> list[int]:
        out = subprocess.run(["psql", self.admin_url, "-tAqc",
                              f"SELECT pid FROM pg_stat_activity WHERE datname = '{self.database}'"],
                             capture_output=True, text=True, check=True).stdout
        return [int(line) for line in out.split()]

    def cpu_snapshot(self) -> dict[int, float]:
        pids = [self.pid] + self.backends()
        return {pid: process_cpu(pid) for pid in pids}


class Meter:
    """Wall and server CPU time of one operation: `with Meter(server) as m: ...; m.wall, m.cpu`.
    Backends that appear during the operation count from zero."""

    def __init__(self, server: Server):
        self.server = server

    def __enter__(self):
        self.before = self.server.cpu_snapshot()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.started
        after = self.server.cpu_snapshot()
        self.cpu = sum(value - self.before.get(pid, 0.0) for pid, value in after.items())
        self.process_cpu = after[self.server.pid] - self.before.get(self.server.pid, 0.0)
        self.database_cpu = self.cpu - self.process_cpu
        return False


class RSSSampler:
    """Samples a process's VmRSS every 10 ms in a thread; `baseline` before, `peak` during."""

    def __init__(self, pid: int):
        self.pid = pid
        self.baseline = rss_mb(pid)
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except OSError:
                return
            time.sleep(0.01)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False
