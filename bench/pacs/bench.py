"""pacs-service vs Orthanc (+ DICOMweb + PostgreSQL plugins), same files, same PostgreSQL,
same machine, one run. Started by bench/pacs/run, which starts both servers.

usage: bench.py WORKDIR STUDIES PACS_URL PACS_PID PACS_DB ORTHANC_URL ORTHANC_PID ORTHANC_DB ADMIN_URL
"""
import concurrent.futures
import pathlib
import statistics
import sys
import time

import requests

import corpus
from measure import Meter, RSSSampler, Server

BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Accept-Encoding": "gzip, deflate, br, zstd",
    "Accept-Language": "en-US,en;q=0.9",
}
FRAME_ACCEPT = "multipart/related; type=application/octet-stream; transfer-syntax=*"
BOUNDARY = "bench-boundary"


def multipart(paths):
    body = bytearray()
    for path in paths:
        body += f"--{BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n".encode() + path.read_bytes() + b"\r\n"
    return bytes(body + f"--{BOUNDARY}--\r\n".encode())


STOW_TYPE = f'multipart/related; type="application/dicom"; boundary={BOUNDARY}'


def stow(server, paths, batch=50, workers=4):
    """STOW-RS in batches from parallel clients; returns stored instance count."""
    batches = [paths[i:i + batch] for i in range(0, len(paths), batch)]

    def send(group):
        with requests.post(f"{server.url}/dicom-web/studies", data=multipart(group), timeout=600,
                           headers={"Content-Type": STOW_TYPE, "Accept": "application/dicom+json"}) as response:
            if response.status_code != 200:
                raise RuntimeError(f"{server.name} STOW answered {response.status_code}: {response.text[:300]}")
        return len(group)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return sum(pool.map(send, batches))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


QUERIES = [
    "limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060",
    "limit=101&offset=0&includefield=00081030%2C00080060&00100010=SMITH*",
    "limit=101&offset=0&includefield=00081030%2C00080060&StudyDate=20100101-20101231",
    "limit=101&offset=0&includefield=00081030%2C00080060&ModalitiesInStudy=CT",
    "limit=101&offset=0&includefield=00081030%2C00080060&00100020=PID001234",
    "limit=101&offset=0&AccessionNumber=ACC0004321",
]


def qido(server, repeats):
    session = requests.Session()
    session.headers.update(BROWSER | {"Accept": "application/dicom+json"})
    latencies, counts = [], []
    for query in QUERIES:
        session.get(f"{server.url}/dicom-web/studies?{query}", timeout=60)
    with Meter(server) as meter:
        for _ in range(repeats):
            for query in QUERIES:
                started = time.perf_counter()
                response = session.get(f"{server.url}/dicom-web/studies?{query}", timeout=60)
                latencies.append(time.perf_counter() - started)
                if response.status_code not in (200, 204):
                    raise RuntimeError(f"{server.name} QIDO {query}: {response.status_code} {response.text[:200]}")
                counts.append(len(response.json()) if response.status_code == 200 else 0)
    return latencies, meter, counts[:len(QUERIES)]


def series_metadata(server, study, series, repeats):
    session = requests.Session()
    session.headers.update(BROWSER | {"Accept": "application/dicom+json"})
    url = f"{server.url}/dicom-web/studies/{study}/series/{series}/metadata"
    first = session.get(url, timeout=300)
    if first.status_code != 200 or len(first.json()) != 200:
        raise RuntimeError(f"{server.name} series metadata: {first.status_code}")
    walls = []
    with Meter(server) as meter:
        for _ in range(repeats):
            started = time.perf_counter()
            session.get(url, timeout=300).json()
            walls.append(time.perf_counter() - started)
    return walls, meter


def frames(server, study, series, sops, workers=6):
    """Frame 1 of every slice, six connections at a time like a browser, OHIF's Accept."""
    local = {}

    def fetch(sop):
        import threading
        session = local.setdefault(threading.get_ident(), requests.Session())
        response = session.get(f"{server.url}/dicom-web/studies/{study}/series/{series}/instances/{sop}/frames/1",
                               headers=BROWSER | {"Accept": FRAME_ACCEPT}, timeout=120)
        if response.status_code != 200:
            raise RuntimeError(f"{server.name} frame: {response.status_code} {response.text[:200]}")
        return len(response.content), int(response.raw.tell() or 0)

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(fetch, sops[:12]))
        with Meter(server) as meter:
            sizes = list(pool.map(fetch, sops))
    return sum(s for s, _ in sizes), sum(w for _, w in sizes), meter


def whole_study(server, study, repeats):
    total = 0
    with Meter(server) as meter:
        for _ in range(repeats):
            with requests.get(f"{server.url}/dicom-web/studies/{study}", stream=True, timeout=600,
                              headers={"Accept": 'multipart/related; type="application/dicom"; transfer-syntax=*'}) as response:
                if response.status_code != 200:
                    raise RuntimeError(f"{server.name} study retrieve: {response.status_code}")
                for chunk in response.iter_content(1 << 20):
                    total += len(chunk)
    return total, meter


def large_stow(server, run, count):
    body = corpus.LargeSTOW(run, count)
    with RSSSampler(server.pid) as rss, Meter(server) as meter:
        response = requests.post(f"{server.url}/dicom-web/studies", data=body, timeout=3600,
                                 headers={"Content-Type": f'multipart/related; type="application/dicom"; boundary={body.boundary}',
                                          "Accept": "application/dicom+json"})
    if response.status_code != 200:
        raise RuntimeError(f"{server.name} large STOW: {response.status_code} {response.text[:300]}")
    return len(body), rss, meter


class Report:
    """Rows of: what, unit, ours, theirs, ratio (>1 means pacs-service is better), target."""

    def __init__(self):
        self.rows = []

    def add(self, what, unit, ours, theirs, higher_is_better, target=None):
        ratio = (ours / theirs if higher_is_better else theirs / ours) if ours and theirs else float("nan")
        verdict = "" if target is None else ("ok" if ratio >= target else "MISSED")
        self.rows.append((what, unit, ours, theirs, ratio, f">={target}x {verdict}" if target else ""))

    def print(self):
        print(f"\n{'measurement':<44} {'unit':<14} {'pacs-service':>13} {'Orthanc':>13} {'ratio':>8}  target")
        for what, unit, ours, theirs, ratio, target in self.rows:
            print(f"{what:<44} {unit:<14} {ours:>13.2f} {theirs:>13.2f} {ratio:>7.2f}x  {target}")
        print("ratio > 1: pacs-service is better (faster / less CPU / less memory). "
              "CPU = server process + its PostgreSQL backends (/proc utime+stime).")


def main():
    work = pathlib.Path(sys.argv[1])
    studies = int(sys.argv[2])
    admin = sys.argv[9]
    ours = Server("pacs-service", sys.argv[3], int(sys.argv[4]), sys.argv[5], admin)
    theirs = Server("Orthanc", sys.argv[6], int(sys.argv[7]), sys.argv[8], admin)
    both = (ours, theirs)
    report = Report()

    print(f"==> generating {studies} small studies and a 200-slice CT series (once, under {work})", flush=True)
    small = corpus.small_studies(work, studies)
    study, series, slices = corpus.ct_series(work)

    meters = {}
    for server in both:
        print(f"==> STOW {len(small)} small instances to {server.name}", flush=True)
        with Meter(server) as meters[server.name]:
            stored = stow(server, small)
        meter = meters[server.name]
        print(f"    {stored / meter.wall:.0f} instances/s; CPU per instance: server {1000 * meter.process_cpu / stored:.2f} ms"
              f" + PostgreSQL {1000 * meter.database_cpu / stored:.2f} ms", flush=True)
    m, o = meters["pacs-service"], meters["Orthanc"]
    report.add(f"STOW {len(small)} small instances (50/request)", "instances/s", len(small) / m.wall, len(small) / o.wall, True, 2)
    report.add("  server CPU per instance", "ms", 1000 * m.cpu / len(small), 1000 * o.cpu / len(small), False)

    size = sum(path.stat().st_size for _, path in slices) / 1e6
    for server in both:
        print(f"==> STOW the 200-slice CT series ({size:.0f} MB) to {server.name}", flush=True)
        with Meter(server) as meters[server.name]:
            stow(server, [path for _, path in slices], batch=20, workers=2)
    m, o = meters["pacs-service"], meters["Orthanc"]
    report.add("STOW 200 CT slices (20/request)", "MB/s", size / m.wall, size / o.wall, True)
    report.add("  server CPU", "s", m.cpu, o.cpu, False)

    results = {}
    for server in both:
        print(f"==> QIDO on {studies} studies: {server.name}", flush=True)
        results[server.name] = qido(server, 20)
        print(f"    result counts: {results[server.name][2]}", flush=True)
    (ml, mm, _), (ol, om, _) = results["pacs-service"], results["Orthanc"]
    report.add(f"QIDO /studies p50 ({len(ml)} OHIF-style queries)", "ms", 1000 * percentile(ml, .5), 1000 * percentile(ol, .5), False, 3)
    report.add("QIDO /studies p95", "ms", 1000 * percentile(ml, .95), 1000 * percentile(ol, .95), False, 3)
    report.add("  server CPU per query", "ms", 1000 * mm.cpu / len(ml), 1000 * om.cpu / len(ol), False)

    for server in both:
        print(f"==> series metadata (200 instances): {server.name}", flush=True)
        results[server.name] = series_metadata(server, study, series, 5)
    (mw, mm), (ow, om) = results["pacs-service"], results["Orthanc"]
    report.add("series metadata, 200 slices (median)", "ms", 1000 * statistics.median(mw), 1000 * statistics.median(ow), False, 10)
    report.add("  server CPU per request", "ms", 1000 * mm.cpu / len(mw), 1000 * om.cpu / len(ow), False)

    sops = [sop for sop, _ in slices]
    for server in both:
        print(f"==> frames, OHIF-style (6 connections, gzip accepted): {server.name}", flush=True)
        results[server.name] = frames(server, study, series, sops)
        print(f"    {results[server.name][0] / 1e6:.1f} MB payload, {results[server.name][1] / 1e6:.1f} MB on the wire", flush=True)
    (mb, _, mm), (ob, _, om) = results["pacs-service"], results["Orthanc"]
    report.add("frames (200 x 512x512x16)", "frames/s", len(sops) / mm.wall, len(sops) / om.wall, True, 10)
    report.add("  payload throughput", "MB/s", mb / 1e6 / mm.wall, ob / 1e6 / om.wall, True, 10)
    report.add("  server CPU per frame", "ms", 1000 * mm.cpu / len(sops), 1000 * om.cpu / len(sops), False)

    for server in both:
        print(f"==> whole-study retrieve: {server.name}", flush=True)
        results[server.name] = whole_study(server, study, 3)
    (mb, mm), (ob, om) = results["pacs-service"], results["Orthanc"]
    report.add("whole-study retrieve (3 x ~105 MB)", "MB/s", mb / 1e6 / mm.wall, ob / 1e6 / om.wall, True, 2)
    report.add("  server CPU per GB", "s", mm.cpu / (mb / 1e9), om.cpu / (ob / 1e9), False)

    run = int(time.time()) % 100000
    for server in both:
        print(f"==> 1 GB STOW (2000 slices, one request): {server.name}", flush=True)
        results[server.name] = large_stow(server, run, 2000)
        length, rss, meter = results[server.name]
        print(f"    RSS {rss.baseline:.0f} MB -> peak {rss.peak:.0f} MB", flush=True)
    (ln, mr, mm), (_, orr, om) = results["pacs-service"], results["Orthanc"]
    report.add("1 GB STOW: peak RSS growth", "MB", mr.peak - mr.baseline, orr.peak - orr.baseline, False)
    report.add("1 GB STOW: throughput", "MB/s", ln / 1e6 / mm.wall, ln / 1e6 / om.wall, True)
    report.add("  server CPU", "s", mm.cpu, om.cpu, False)
    report.print()
    growth = mr.peak - mr.baseline
    print(f"pacs-service RSS growth during the 1 GB STOW: {growth:.0f} MB (target < 100 MB: {'ok' if growth < 100 else 'MISSED'})")


if __name__ == "__main__":
    main()
