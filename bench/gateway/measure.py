"""Process helpers for the gateway benchmark: start/stop children, CPU time and resident
memory of a process and its children from /proc."""
import os
import signal
import socket
import subprocess
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited with {process.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=3) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} not answering after {timeout} s")


class Runner:
    """Starts processes with logs under a work directory and stops exactly those."""

    def __init__(self, work):
        self.work = work
        self.processes = []

    def start(self, name, command, env=None):
        environment = dict(os.environ)
        environment.update({key: str(value) for key, value in (env or {}).items()})
        log = open(self.work / f"{name}.log", "wb")
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=self.work)
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class ProcessTree:
    """A process and its direct children (nginx's master and workers)."""

    def __init__(self, pid):
        self.pid = pid

    def pids(self):
        found = [self.pid]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.pid:
                    found.append(int(entry))
        return found

    def cpu_seconds(self):
        """User + system CPU time of the tree, seconds."""
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        return total / TICKS

    def threads(self):
        """Threads of the tree, by process: [(pid, thread count)]."""
        counts = []
        for pid in self.pids():
            try:
                counts.append((pid, len(os.listdir(f"/proc/{pid}/task"))))
            except OSError:
                continue
        return counts

    def rss_mb(self):
        """Resident memory of the tree, MB."""
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024
