"""kill -9 during a large STOW (a ~1 GB multipart request of 512x512 CT slices), restart:
nothing partial is visible, every index row has its complete blob, and the orphans left
behind (the interrupted temporary file, a blob renamed but never indexed) are collected."""
import hashlib
import signal
import threading
import time
import uuid

import requests

from pacs_support import ct_slice_template, numbered_uid, psql

STUDY, SERIES = "2.25.4711", "2.25.4712"
SLICES = 2000  # ~1 GB if it ran to the end; the server is killed long before


def test_kill_during_large_stow_leaves_no_partial_instance(services, database_url, tmp_path):
    storage = tmp_path / "storage"
    env = dict(DATABASE_URL=database_url, PACS_STORAGE_DIR=storage, PACS_ORPHAN_GRACE=0, PACS_ORPHAN_INTERVAL=0, PACS_AUTH="disabled")
    pacs = services("pacs-service", **env).wait_ready()
    template, placeholder = ct_slice_template(STUDY, SERIES)
    boundary = "crash-boundary"

    def body():
        for number in range(1, SLICES + 1):
            part = template.replace(placeholder.encode(), numbered_uid(number).encode())
            head = f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode()
            # each slice in two chunks so the server is often caught mid-instance
            yield head + part[: len(part) // 2]
            yield part[len(part) // 2:] + b"\r\n"
        yield f"--{boundary}--\r\n".encode()

    def upload():
        try:
            requests.post(f"{pacs.url}/dicom-web/studies", data=body(), timeout=120,
                          headers={"Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}'})
        except requests.RequestException:
            pass

    thread = threading.Thread(target=upload, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while int(psql(database_url, "SELECT count(*) FROM pacs.instances")) < 8:
        assert time.monotonic() < deadline, "the STOW stored nothing within a minute"
        time.sleep(0.05)
    pacs.stop(signal.SIGKILL)
    thread.join(60)

    # A crash between the rename and the index commit leaves a complete blob that no row names.
    renamed = storage / "ff" / "ff" / f"{uuid.uuid4()}.dcm"
    renamed.parent.mkdir(parents=True, exist_ok=True)
    renamed.write_bytes(template)
    leftovers = list((storage / "tmp").iterdir())

    restarted = services("pacs-service", **env).wait_ready()
    rows = [line.split("|") for line in psql(database_url, "SELECT blob_key, sha256 FROM pacs.instances ORDER BY blob_key").splitlines()]
    assert len(rows) >= 8
    files = sorted(str(p.relative_to(storage)) for p in storage.rglob("*.dcm"))
    assert files == [key for key, _ in rows], "every index row has its blob and no blob is unreferenced"
    assert not renamed.exists() and not any(p.exists() for p in leftovers), "orphans were collected"
    assert not list((storage / "tmp").iterdir())
    for key, digest in rows:
        assert hashlib.sha256((storage / key).read_bytes()).hexdigest() == digest, "a stored blob is complete"

    found = requests.get(f"{restarted.url}/dicom-web/studies/{STUDY}/instances", params={"limit": 5000}, timeout=30)
    assert found.status_code == 200
    assert len(found.json()) == len(rows), "QIDO shows exactly the committed instances"
    study = requests.get(f"{restarted.url}/dicom-web/studies", params={"StudyInstanceUID": STUDY}, timeout=30).json()
    assert study[0]["00201208"]["Value"] == [len(rows)], "the study's instance count matches"
    last = found.json()[-1]["00080018"]["Value"][0]
    retrieved = requests.get(f"{restarted.url}/wado", timeout=30, params=dict(
        requestType="WADO", studyUID=STUDY, seriesUID=SERIES, objectUID=last, contentType="application/dicom"))
    assert retrieved.status_code == 200
    assert retrieved.content == template.replace(placeholder.encode(), last.encode())
