"""Fixtures and helpers for the pacs-admin UI end-to-end tests: pacs-service (auth disabled, or
behind the real edge-gateway and identity-service), a headless Chromium driven by selenium,
generated DICOM studies, and screenshots written to $TESSERA_ARTIFACTS_DIR/pacs_admin
(default .build/artifacts/pacs_admin; artifacts, never committed).

Test modules import the fixtures from here; a conftest.py would shadow the shared one."""
import os
import pathlib
import shutil
import time

import pydicom
import pydicom.data
import pydicom.errors
import pytest
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[3]
ARTIFACTS = pathlib.Path(os.environ.get("TESSERA_ARTIFACTS_DIR", ROOT / ".build" / "artifacts")) / "pacs_admin"
CORPUS_FILES = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtstruct.dcm", "rtdose.dcm", "JPEG2000.dcm",
                "SC_rgb_jpeg_dcmtk.dcm", "image_dfl.dcm", "liver_1frame.dcm", "SC_rgb_rle_2frame.dcm", "examples_palette.dcm"]


@pytest.fixture
def admin_pacs(services, database_url, tmp_path):
    """pacs-service with authorization disabled (development mode) on its own database and storage."""
    return services("pacs-service", DATABASE_URL=database_url, PACS_STORAGE_DIR=tmp_path / "storage",
                    PUBLIC_URL="http://public.example", PACS_AUTH="disabled").wait_ready()


@pytest.fixture
def browser():
    """Headless Chromium (Debian's chromium + chromium-driver)."""
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US"]:
        options.add_argument(argument)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver")
    driver = webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else None)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def screenshot(driver, name):
    """Saves a full-window screenshot as an artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def wait_for(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(condition)


def visible(driver, element_id, timeout=30):
    return wait_for(driver, expected_conditions.visibility_of_element_located((By.ID, element_id)), timeout)


def corpus_files():
    """pydicom's test files that are Part 10 files with distinct SOP Instance UIDs."""
    seen, result = set(), []
    for name in CORPUS_FILES:
        path = pathlib.Path(pydicom.data.get_testdata_file(name))
        try:
            dataset = pydicom.dcmread(path, stop_before_pixels=True)
        except pydicom.errors.InvalidDicomError:
            continue
        if dataset.SOPInstanceUID in seen or "TransferSyntaxUID" not in dataset.file_meta:
            continue
        seen.add(dataset.SOPInstanceUID)
        result.append(path)
    return result


def write_instance(path, patient_name, patient_id, study_uid, series_uid, study_date, modality, series_number, number,
                   description="Generated study", series_description="axial"):
    """A small CT-like Part 10 file (16×16, 16 bit) with a sequence and a private element."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientSex = patient_name, patient_id, "O"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.StudyID = study_date, "101500", "ACC-" + patient_id, "1"
    ds.StudyDescription, ds.SeriesDescription = description, series_description
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, series_number, number
    code = pydicom.Dataset()
    code.CodeValue, code.CodingSchemeDesignator, code.CodeMeaning = "T-D3000", "SRT", "Chest"
    ds.AnatomicRegionSequence = [code]
    ds.add_new(0x00090010, "LO", "TESSERA TEST")
    ds.add_new(0x00091001, "LO", "private value")
    ds.Rows = ds.Columns = 16
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.WindowCenter, ds.WindowWidth = 40, 400
    # A soft gradient around the soft-tissue window, different per instance.
    values = [((x * 40 + y * 25 + number * 30) % 500) - 200 + 1024 for y in range(16) for x in range(16)]
    ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
    ds.PixelData = b"".join(value.to_bytes(2, "little") for value in values)
    ds.save_as(path, enforce_file_format=True)
    return ds.SOPInstanceUID


def generated_study(folder, patient_name, patient_id, study_date, modality="CT", series=2, instances=3, description="Generated study"):
    """Writes one study (series × instances files) under folder; returns (study UID, {series UID: [SOP UIDs]})."""
    folder.mkdir(parents=True, exist_ok=True)
    study_uid = generate_uid()
    layout = {}
    for s in range(1, series + 1):
        series_uid = generate_uid()
        layout[series_uid] = [
            write_instance(folder / f"{patient_id}-s{s}-i{i}.dcm", patient_name, patient_id, study_uid, series_uid, study_date,
                           modality, s, i, description=description, series_description=f"series {s}")
            for i in range(1, instances + 1)
        ]
    return study_uid, layout


def upload_folder(driver, base_url, folder, timeout=120):
    """Opens the upload page, selects a folder, starts the upload and waits until it finished; returns the tally."""
    driver.get(base_url + "/upload")
    chooser = driver.find_element(By.ID, "folder-input")
    driver.execute_script("arguments[0].hidden = false;", chooser)
    chooser.send_keys(str(folder))
    wait_for(driver, lambda d: d.find_element(By.ID, "start-upload").is_enabled())
    driver.find_element(By.ID, "start-upload").click()
    visible(driver, "upload-done", timeout)
    return {name: int(driver.find_element(By.ID, f"count-{name}").text) for name in ["stored", "present", "failed", "pending"]}


def results_by_file(driver):
    """{file name: result text} from the upload table."""
    rows = driver.find_elements(By.CSS_SELECTOR, "#upload-files tbody tr")
    return {row.find_element(By.CLASS_NAME, "file-name").text.split("/")[-1]: row.find_element(By.CLASS_NAME, "result").text for row in rows}


def elapsed(started):
    return round(time.monotonic() - started, 2)
