"""The stack as the container image runs it: every service as the unprivileged user 10001 (the
image's USER), DICOM storage owned by that user. A token, an upload, a search and retrievals
(the first through the full proxy path, the next on the direct path) all pass through the
gateway, and the stored files belong to that user.
When the tests do not run as root they already run unprivileged, and the same checks hold."""
import io
import os
import shutil
import tempfile
from pathlib import Path

import pydicom
import pytest
import requests
from dicomweb_client.api import DICOMwebClient
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from e2e_support import BIN_DIR, ROOT, ImageUser
from stack_support import Stack

IMAGE_UID = 10001  # deploy/Dockerfile's USER


@pytest.fixture
def image():
    """The image's layout under /tmp (make test's and pytest's own temporary directories, like
    a checkout under a home directory, are closed to other users): a root-owned copy of the
    executables, resource bundles and realms as in /app, and a storage directory owned by the
    image's user. (None, storage) when the tests do not run as root: they run unprivileged."""
    base = Path(tempfile.mkdtemp(prefix="tessera-image-", dir="/tmp"))
    os.chmod(base, 0o755)
    storage = base / "storage"
    storage.mkdir(mode=0o750)
    image_user = None
    if os.geteuid() == 0:
        os.chown(storage, IMAGE_UID, IMAGE_UID)
        app = base / "app"
        app.mkdir(mode=0o755)
        for name in ("identity-service", "pacs-service", "edge-gateway"):
            shutil.copy2(BIN_DIR / name, app / name)
        for bundle in BIN_DIR.glob("*.resources"):
            shutil.copytree(bundle, app / bundle.name)
        shutil.copytree(ROOT / "deploy" / "realms", app / "realms")
        image_user = ImageUser(IMAGE_UID, IMAGE_UID, app)
    yield image_user, storage
    shutil.rmtree(base)


def instance():
    dataset = Dataset()
    dataset.file_meta = FileMetaDataset()
    dataset.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset.file_meta.MediaStorageSOPClassUID = dataset.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    dataset.file_meta.MediaStorageSOPInstanceUID = dataset.SOPInstanceUID = generate_uid()
    dataset.StudyInstanceUID, dataset.SeriesInstanceUID = generate_uid(), generate_uid()
    dataset.PatientName, dataset.PatientID, dataset.Modality = "Unprivileged^Test", "UNPRIV-1", "OT"
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    buffer.seek(0)
    return pydicom.dcmread(buffer)


def test_the_stack_runs_as_the_image_s_unprivileged_user(services, database_url, tmp_path, image):
    image_user, storage = image
    stack = Stack(services, database_url, tmp_path, image_user=image_user)
    stack.add_pacs(PACS_STORAGE_DIR=storage)
    stack.start_gateway()
    stack.create_user("unprivileged")
    token = stack.tokens("unprivileged")["access_token"]
    client = DICOMwebClient(stack.url + "/pacs/dicom-web", headers={"Authorization": "Bearer " + token})

    stored = instance()
    client.store_instances([stored])
    found = client.search_for_studies(search_filters={"PatientID": "UNPRIV-1"})
    assert [study["0020000D"]["Value"][0] for study in found] == [stored.StudyInstanceUID]
    path = (f"/pacs/dicom-web/studies/{stored.StudyInstanceUID}/series/{stored.SeriesInstanceUID}"
            f"/instances/{stored.SOPInstanceUID}/metadata")
    for _ in range(3):  # the first GET takes the full path, the next ones the direct path
        answer = stack.get(path, token)
        assert answer.status_code == 200, answer.text[:300]
        assert answer.json()[0]["00080018"]["Value"] == [stored.SOPInstanceUID]
    assert requests.get(stack.url + "/pacs/dicom-web/studies", timeout=10).status_code == 401

    files = [path for path in storage.rglob("*") if path.is_file()]
    assert files, "nothing stored"
    if image_user:
        assert {(path.stat().st_uid, path.stat().st_gid) for path in files} == {(IMAGE_UID, IMAGE_UID)}
        for service in [stack.identity, *stack.pacs, stack.gateway]:
            status = Path(f"/proc/{service.process.pid}/status").read_text()
            uids = next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:]
            assert set(uids) == {str(IMAGE_UID)}, (service.name, uids)
