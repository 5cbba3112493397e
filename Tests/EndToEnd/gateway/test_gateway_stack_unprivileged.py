"""The stack as the container image runs it: every service as the unprivileged user 10001 (the
image's USER), DICOM storage owned by that user. A token, an upload, a search and retrievals
(the first through the full proxy path, the next on the direct path) all pass through the
gateway, and the stored files belong to that user.
When the tests do not run as root they already run unprivileged, and the same checks hold."""
import io
import os
import tempfile
from pathlib import Path

import pydicom
import pytest
import requests
from dicomweb_client.api import DICOMwebClient
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from stack_support import Stack

IMAGE_USER = (10001, 10001)


@pytest.fixture
def storage():
    """A storage directory the image's user owns, outside pytest's root-only temp directory."""
    directory = Path(tempfile.mkdtemp(prefix="tessera-unprivileged-"))
    os.chmod(directory, 0o755)
    (directory / "storage").mkdir(mode=0o750)
    if os.geteuid() == 0:
        os.chown(directory / "storage", *IMAGE_USER)
    yield directory / "storage"
    for path in sorted(directory.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    directory.rmdir()


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


def test_the_stack_runs_as_the_image_s_unprivileged_user(services, database_url, tmp_path, storage):
    run_as = IMAGE_USER if os.geteuid() == 0 else None
    stack = Stack(services, database_url, tmp_path, run_as=run_as)
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
    if run_as:
        assert {(path.stat().st_uid, path.stat().st_gid) for path in files} == {IMAGE_USER}
        for service in [stack.identity, *stack.pacs, stack.gateway]:
            status = Path(f"/proc/{service.process.pid}/status").read_text()
            uids = next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:]
            assert set(uids) == {str(IMAGE_USER[0])}, (service.name, uids)
