"""Helpers for pacs-service's end-to-end tests: pydicom's test files as a corpus, psql.
Import them from here, never from `conftest` (every suite folder has one)."""
import pathlib
import subprocess

import pydicom
import pydicom.errors
import pydicom.data

# pydicom test files with distinct SOP Instance UIDs: several transfer syntaxes, modalities and
# multi-frame data, all bundled with the pydicom wheel (no download).
CORPUS_FILES = [
    "CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtstruct.dcm", "rtdose.dcm", "JPEG2000.dcm",
    "SC_rgb_jpeg_dcmtk.dcm", "image_dfl.dcm", "liver_1frame.dcm", "SC_rgb_rle_2frame.dcm", "examples_palette.dcm",
    "MR_small_bigendian.dcm",
]


def psql(url, sql):
    """Runs SQL with psql and returns its unaligned output."""
    return subprocess.run(["psql", url, "-tAqc", sql], capture_output=True, text=True, check=True).stdout.strip()


def corpus():
    """(path, dataset) of the corpus files that have file meta and distinct SOP Instance UIDs."""
    seen = set()
    result = []
    for name in CORPUS_FILES:
        path = pathlib.Path(pydicom.data.get_testdata_file(name))
        try:
            dataset = pydicom.dcmread(path)
        except pydicom.errors.InvalidDicomError:
            continue
        uid = dataset.SOPInstanceUID
        if uid in seen or "TransferSyntaxUID" not in dataset.file_meta:
            continue
        seen.add(uid)
        result.append((path, dataset))
    return result
