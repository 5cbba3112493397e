"""kill -9 during a large STOW, restart: nothing partial is visible, every row has its blob,
and the orphan left behind is collected."""
import signal
import threading
import time

import pydicom
import requests

from pacs_support import corpus, psql


def blob_files(storage):
    return sorted(p for p in storage.rglob("*.dcm"))


def test_kill_during_large_stow_leaves_no_partial_instance(services, database_url, tmp_path):
    storage = tmp_path / "storage"
    env = dict(DATABASE_URL=database_url, PACS_STORAGE_DIR=storage, PACS_ORPHAN_GRACE=0, PACS_ORPHAN_INTERVAL=0, PACS_AUTH="disabled")
    pacs = services("pacs-service", **env).wait_ready()
    path, first = corpus()[0]
    boundary = "crash-boundary"
    started = threading.Event()

    def body():
        yield f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode() + path.read_bytes()
        yield f"\r\n--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode()
        chunk = b"\0" * (1 << 20)
        for _ in range(64):
            yield chunk
            started.set()
            time.sleep(0.05)

    def upload():
        try:
            requests.post(f"{pacs.url}/dicom-web/studies", data=body(), timeout=60,
                          headers={"Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}'})
        except requests.RequestException:
            pass

    thread = threading.Thread(target=upload)
    thread.start()
    assert started.wait(30)
    time.sleep(0.5)
    pacs.stop(signal.SIGKILL)
    thread.join(60)
    assert list((storage / "tmp").iterdir()), "the interrupted upload left a temporary file"

    restarted = services("pacs-service", **env).wait_ready()
    rows = psql(database_url, "SELECT blob_key FROM pacs.instances ORDER BY blob_key").split()
    files = [str(p.relative_to(storage)) for p in blob_files(storage)]
    assert files == sorted(rows), "every index row has its blob and no blob is unreferenced"
    assert not list((storage / "tmp").iterdir()), "the orphaned temporary file was collected"
    studies = requests.get(f"{restarted.url}/dicom-web/studies", timeout=30)
    if rows:
        assert studies.status_code == 200
        assert [s["0020000D"]["Value"][0] for s in studies.json()] == [first.StudyInstanceUID]
    else:
        assert studies.status_code == 204
