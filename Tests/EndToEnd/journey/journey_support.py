"""Helpers for the whole-stack journeys: `make run`'s stack on free ports, a headless Chromium
with screenshots kept as artifacts, tokens, and generated CT/MR studies."""
import base64
import json
import os
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from e2e_support import ROOT, free_port, http_get

ARTIFACTS = Path(os.environ.get("TESSERA_ARTIFACTS_DIR", ROOT / ".build" / "artifacts"))
CACHE = Path(os.environ.get("TESSERA_CACHE_DIR", ROOT / ".build" / "cache"))


class Stack:
    """`scripts/run.sh` (what `make run` runs) on the debug build, on free ports, with its own
    data directory. `stop()` sends SIGINT, as Ctrl-C does."""

    def __init__(self, data_dir, replicas=1, **env):
        self.data = Path(data_dir)
        self.ports = {"IDENTITY_PORT": free_port(), "GATEWAY_PORT": free_port()}
        self.ports["PACS_PORT"] = free_port_range(replicas)
        self.url = f"http://localhost:{self.ports['GATEWAY_PORT']}"
        self.admin_password = "journey-admin-" + base64.urlsafe_b64encode(os.urandom(9)).decode()
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TESSERA_TEST") and k != "DATABASE_URL"}
        environment.update(
            TESSERA_DATA_DIR=str(self.data), TESSERA_BUILD_CONFIG="debug", TESSERA_SKIP_BUILD="1",
            TESSERA_VIEWER_DIR=str(CACHE / "ohif-viewer"), IDENTITY_ADMIN_PASSWORD=self.admin_password,
            PACS_REPLICAS=str(replicas), LOG_LEVEL="info", **{k: str(v) for k, v in self.ports.items()},
        )
        environment.update({k: str(v) for k, v in env.items()})
        self.data.mkdir(parents=True, exist_ok=True)
        self.log_path = self.data / "run.log"
        self._log = open(self.log_path, "w")
        # SIGINT as a terminal delivers it, even when the test runner runs in the background.
        self.process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], env=environment, cwd=ROOT,
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def wait_ready(self, timeout=240):
        deadline = time.monotonic() + timeout
        while "Press Ctrl-C to stop." not in self.output():
            assert self.process.poll() is None, f"make run exited:\n{self.output()}"
            assert time.monotonic() < deadline, f"make run not ready:\n{self.output()}"
            time.sleep(0.3)
        return self

    def output(self):
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def secret(self, name):
        return (self.data / name).read_text().strip()

    def pid(self, name):
        return int((self.data / "pids" / f"{name}.pid").read_text())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        subprocess.run([str(ROOT / "scripts" / "postgres-cluster.sh"), "stop", str(self.data / "postgres")],
                       capture_output=True)

    def token(self, username, password):
        """An access token of realm `ohif` by password grant on the confidential `pacs` client."""
        form = urllib.parse.urlencode({"grant_type": "password", "client_id": "pacs",
                                       "client_secret": self.secret("pacs-client-secret"),
                                       "username": username, "password": password, "scope": "openid"}).encode()
        with urllib.request.urlopen(self.url + "/auth/realms/ohif/protocol/openid-connect/token", form, timeout=10) as r:
            return json.load(r)["access_token"]

    def studies(self, token):
        status, _, body = http_get(self.url + "/pacs/dicom-web/studies", headers={"Authorization": "Bearer " + token})
        assert status in (200, 204), (status, body[:300])
        return json.loads(body) if body else []


def free_port_range(count):
    """The first of `count` consecutive free ports."""
    while True:
        first = free_port()
        if first + count < 65535 and all(port_is_free(first + i) for i in range(count)):
            return first


def port_is_free(port):
    import socket
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def browser(width=1400, height=900):
    """Headless Chromium with the Debian chromedriver (no network lookups by selenium-manager)."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--enable-unsafe-swiftshader",
                     f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.implicitly_wait(0)
    return driver


def screenshot(driver, name):
    """Saves a screenshot under the artifacts directory (kept after the run) and returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for(driver, condition, timeout=30, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.25).until(lambda d: condition(d), message)


def canvas_is_drawn(driver):
    """True when a canvas on the page has pixels of more than one value (an image, not a blank)."""
    return driver.execute_script("""
        for (const canvas of document.querySelectorAll('canvas')) {
            if (canvas.width < 16 || canvas.height < 16) continue;
            const probe = document.createElement('canvas');
            probe.width = 64; probe.height = 64;
            const context = probe.getContext('2d');
            context.drawImage(canvas, 0, 0, 64, 64);
            const pixels = context.getImageData(0, 0, 64, 64).data;
            const seen = new Set();
            for (let i = 0; i < pixels.length; i += 4) seen.add(pixels[i] + ',' + pixels[i + 1] + ',' + pixels[i + 2]);
            if (seen.size > 8) return true;
        }
        return false;
    """)


def write_series(directory, patient_name, patient_id, modality, study_uid, study_description, series_number,
                 series_description, slices, size=128):
    """Writes a series of `slices` synthetic slices (a sphere that grows and shrinks through the
    stack, so each slice differs) as Part 10 files; returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    series_uid = generate_uid()
    frame_of_reference = generate_uid()
    y, x = numpy.mgrid[0:size, 0:size]
    paths = []
    for index in range(slices):
        radius = size * (0.15 + 0.25 * numpy.sin(numpy.pi * (index + 1) / (slices + 1)))
        inside = (x - size / 2) ** 2 + (y - size / 2) ** 2 < radius ** 2
        pixels = numpy.where(inside, 1000 + 20 * index, 50).astype(numpy.uint16) + (x % 16).astype(numpy.uint16)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2" if modality == "CT" else "1.2.840.10008.5.1.4.1.1.4"
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        dataset = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
        dataset.SOPClassUID = meta.MediaStorageSOPClassUID
        dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        dataset.PatientName = patient_name
        dataset.PatientID = patient_id
        dataset.PatientBirthDate = "19700101"
        dataset.PatientSex = "O"
        dataset.StudyInstanceUID = study_uid
        dataset.StudyDate = "20260101"
        dataset.StudyTime = "120000"
        dataset.StudyDescription = study_description
        dataset.AccessionNumber = patient_id[-8:]
        dataset.StudyID = "1"
        dataset.ReferringPhysicianName = ""
        dataset.SeriesInstanceUID = series_uid
        dataset.SeriesNumber = series_number
        dataset.SeriesDescription = series_description
        dataset.Modality = modality
        dataset.FrameOfReferenceUID = frame_of_reference
        dataset.InstanceNumber = index + 1
        dataset.ImagePositionPatient = [0.0, 0.0, float(index * 2)]
        dataset.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
        dataset.SliceThickness = 2.0
        dataset.PixelSpacing = [1.0, 1.0]
        dataset.SamplesPerPixel = 1
        dataset.PhotometricInterpretation = "MONOCHROME2"
        dataset.Rows = size
        dataset.Columns = size
        dataset.BitsAllocated = 16
        dataset.BitsStored = 16
        dataset.HighBit = 15
        dataset.PixelRepresentation = 0
        dataset.WindowCenter = 600
        dataset.WindowWidth = 1400
        dataset.RescaleIntercept = 0
        dataset.RescaleSlope = 1
        dataset.PixelData = pixels.tobytes()
        path = directory / f"{modality}-{series_number}-{index + 1:03d}.dcm"
        dataset.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def write_ct_and_mr(directory):
    """A CT series (one study) and an MR study of two series; returns {name: (study_uid, paths)}."""
    ct_study, mr_study = generate_uid(), generate_uid()
    ct = write_series(Path(directory) / "ct", "Journey^CT", "JOURNEY-CT-0001", "CT", ct_study, "Journey CT chest", 1,
                      "Axial 2mm", slices=12)
    mr = write_series(Path(directory) / "mr", "Journey^MR", "JOURNEY-MR-0002", "MR", mr_study, "Journey MR brain", 1,
                      "T1 axial", slices=6)
    mr += write_series(Path(directory) / "mr", "Journey^MR", "JOURNEY-MR-0002", "MR", mr_study, "Journey MR brain", 2,
                       "T2 axial", slices=6)
    return {"ct": (ct_study, ct), "mr": (mr_study, mr)}
