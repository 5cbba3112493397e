"""Our Part 10 parser and DICOM JSON agree with pydicom over pydicom's own test corpus (issue 3 acceptance)."""
import base64
import json
import pathlib
import subprocess
import warnings

import pydicom
import pytest

from dicom_corpus import CORPUS
from normalise import compare_dataset


def corpus_files():
    files = []
    for folder in ("test_files", "charset_files"):
        for path in sorted((CORPUS / folder).rglob("*")):
            if path.is_file() and path.suffix not in (".txt", ".json", ".dump", ".icc", ".gz") and path.name != "README.txt":
                files.append(path)
    return files


FILES = corpus_files()


# Files where we are deliberately stricter than pydicom: pydicom silently accepts a value whose
# length runs past the end of the file (returning fewer bytes); the issue asks for a typed error.
STRICTER_THAN_PYDICOM = {
    "MR_truncated.dcm": "Pixel Data length runs past the end of the file",
    "rtplan_truncated.dcm": "a value length runs past the end of the file",
    "no_meta.dcm": "starts one byte off: the first 'element' claims 173 MB",
    "DICOMDIR-nooffset": "the last directory record item runs 24 bytes past the end of the file",
    "README": "a text file, not DICOM (pydicom's force=True reads garbage)",
}

SWAP_SIZES = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


def _swap_to_little_endian(element_dict):
    """pydicom inlines big-endian binary values as read; DICOM JSON binary is little endian (PS3.18 F.2.7)."""
    for element in element_dict.values():
        size = SWAP_SIZES.get(element.get("vr"))
        if size and "InlineBinary" in element:
            raw = base64.b64decode(element["InlineBinary"])
            swapped = b"".join(raw[i:i + size][::-1] for i in range(0, len(raw) - len(raw) % size, size))
            element["InlineBinary"] = base64.b64encode(swapped + raw[len(swapped):]).decode()
        for item in element.get("Value", []) if element.get("vr") == "SQ" else []:
            _swap_to_little_endian(item)


def pydicom_read(path: pathlib.Path):
    """pydicom's data set, or the exception dcmread raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pydicom.dcmread(path, force=True), None
        except Exception as error:  # noqa: BLE001 - any rejection counts
            return None, error


def pydicom_json(path: pathlib.Path):
    """pydicom's reading of a file as DICOM JSON, or the exception it raised."""
    ds, error = pydicom_read(path)
    if error is not None:
        return None, error
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = ds.to_json_dict(bulk_data_threshold=1 << 30)
        except Exception as error:  # noqa: BLE001
            return None, error
    if not ds.original_encoding[1]:
        _swap_to_little_endian(result)
    return result, None


def ours_json(tool, path: pathlib.Path, *extra):
    result = subprocess.run([str(tool), "json", str(path), *extra], capture_output=True, timeout=120)
    if result.returncode == 0:
        return json.loads(result.stdout), None
    return None, result.stderr.decode("utf-8", "replace").strip()


def test_corpus_is_present():
    assert len(FILES) > 90, f"expected pydicom's corpus, found {len(FILES)} files in {CORPUS}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_dataset_matches_pydicom(dicom_tool, path):
    ours, our_error = ours_json(dicom_tool, path)
    if path.name in STRICTER_THAN_PYDICOM:
        assert ours is None, f"expected a typed error: {STRICTER_THAN_PYDICOM[path.name]}"
        assert our_error.startswith("error: DICOM error:"), f"untyped failure: {our_error}"
        return
    ds, read_error = pydicom_read(path)
    theirs, their_error = pydicom_json(path)
    if read_error is None and their_error is not None:
        # pydicom reads the file but cannot express a value in JSON (e.g. IS "1A"): we must still
        # convert it, with every element present (invalid numbers become strings, PS3.18 F.2.3.1).
        assert our_error is None, f"we failed: {our_error}"
        assert {f"{int(tag):08X}" for tag in ds.keys() if tag.element != 0} == set(ours)
        return
    if their_error is not None:
        assert ours is None, f"pydicom rejects ({their_error!r}) but we accepted"
        assert our_error.startswith("error: DICOM error:"), f"untyped failure: {our_error}"
        return
    assert our_error is None, f"pydicom reads it, we failed: {our_error}"
    diffs = compare_dataset(ours, theirs)
    assert not diffs, "\n".join(diffs[:30])
