"""Scaling check: `make run` with PACS_REPLICAS=2 puts two archive replicas behind the gateway.
Uploads and reads go through the gateway while one replica is stopped (SIGTERM, as an
orchestrator does) and `make run` restarts it: no request fails, none is retried and no
instance is lost. The stopping replica drains first (SHUTDOWN_DRAIN: /readyz 503, every
answer closes its connection), so no STOW is sent on a connection the replica is closing."""
import os
import signal
import threading
import time

import pydicom
import pytest
from dicomweb_client.api import DICOMwebClient
from keycloak import KeycloakAdmin

from journey_support import Stack, write_series


@pytest.fixture
def scaled_stack(tmp_path):
    running = Stack(tmp_path / "data", replicas=2)
    try:
        yield running.wait_ready()
    finally:
        running.stop()


def test_a_replica_stopped_and_restarted_under_load_loses_nothing(scaled_stack, tmp_path):
    stack = scaled_stack
    admin = KeycloakAdmin(server_url=stack.url + "/auth/", username="admin", password=stack.admin_password,
                          realm_name="ohif", user_realm_name="master")
    user = admin.create_user({"username": "loader", "enabled": True, "emailVerified": True})
    admin.set_user_password(user, "loader-password-1", temporary=False)
    token = stack.token("loader", "loader-password-1")
    client = DICOMwebClient(stack.url + "/pacs/dicom-web", headers={"Authorization": "Bearer " + token})

    study = pydicom.uid.generate_uid()
    files = write_series(tmp_path / "series", "Scale^Test", "SCALE-1", "CT", study, "Scaling", 1, "Axial", slices=60, size=64)
    stored, failures = [], []
    uploading = threading.Event()
    uploading.set()

    def upload():
        for path in files:
            dataset = pydicom.dcmread(path)
            try:
                client.store_instances([dataset])
                stored.append(dataset.SOPInstanceUID)
            except Exception as error:
                failures.append(f"store {path.name}: {error}")
            time.sleep(0.05)
        uploading.clear()

    def read():
        while uploading.is_set():
            try:
                client.search_for_series(study)
                if stored:
                    client.retrieve_instance_metadata(study, pydicom.dcmread(files[0]).SeriesInstanceUID, stored[0])
            except Exception as error:
                failures.append(f"read: {error}")
            time.sleep(0.02)

    threads = [threading.Thread(target=upload), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    victim = stack.pid("pacs-service-2")
    os.kill(victim, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while stack.pid("pacs-service-2") == victim:
        assert time.monotonic() < deadline, stack.output()
        time.sleep(0.2)
    for thread in threads:
        thread.join(timeout=180)

    assert not failures, failures[:5]
    assert "pacs-service-2 exited" in stack.output()
    found = {instance["00080018"]["Value"][0] for instance in client.search_for_instances(study, fields=["00080018"])}
    assert found == set(stored) and len(stored) == len(files)
