"""Files we write are read back by us, by pydicom and by dcmtk's dcmdump (issue 3 acceptance)."""
import json
import shutil
import subprocess

import pydicom
import pytest

from dicom_corpus import CORPUS
from normalise import compare_dataset
from test_dicom_conformance import FILES, STRICTER_THAN_PYDICOM, ours_json, pydicom_json, pydicom_read

SYNTAXES = {
    "explicit-le": "1.2.840.10008.1.2.1",
    "implicit-le": "1.2.840.10008.1.2",
    "explicit-be": "1.2.840.10008.1.2.2",
    "deflated": "1.2.840.10008.1.2.1.99",
}

READABLE = [p for p in FILES if p.name not in STRICTER_THAN_PYDICOM and pydicom_read(p)[1] is None
            and "dicomdirtests" not in p.parts]


def write(tool, source, target, syntax):
    result = subprocess.run([str(tool), "write", str(source), str(target), "--syntax", syntax],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_explicit_le_round_trip(dicom_tool, tmp_path, path):
    """Written as Explicit VR LE (compressed files keep their syntax): every element survives,
    pydicom reads the same data set, dcmdump reads it without warnings."""
    out = tmp_path / "out.dcm"
    write(dicom_tool, path, out, SYNTAXES["explicit-le"])
    original, error = ours_json(dicom_tool, path)
    assert error is None
    again, error = ours_json(dicom_tool, out)
    assert error is None, error
    diffs = compare_dataset(again, original)
    assert not diffs, "\n".join(diffs[:20])

    theirs_original, their_error = pydicom_json(path)
    theirs_written, their_error_written = pydicom_json(out)
    if their_error is None:
        assert their_error_written is None, their_error_written
        diffs = compare_dataset(theirs_written, theirs_original)
        assert not diffs, "\n".join(diffs[:20])

    dump = subprocess.run(["dcmdump", "-q", str(out)], capture_output=True, text=True, errors="replace")
    problems = [line for line in (dump.stdout + dump.stderr).splitlines() if line.startswith(("W:", "E:", "F:"))]
    assert dump.returncode == 0 and not problems, "\n".join(problems[:10])


NATIVE = [p for p in READABLE if pydicom_read(p)[0].file_meta.get("TransferSyntaxUID", pydicom.uid.ImplicitVRLittleEndian)
          in (pydicom.uid.ImplicitVRLittleEndian, pydicom.uid.ExplicitVRLittleEndian, pydicom.uid.ExplicitVRBigEndian,
              pydicom.uid.DeflatedExplicitVRLittleEndian)]


@pytest.mark.parametrize("syntax", ["implicit-le", "explicit-be", "deflated"])
@pytest.mark.parametrize("path", NATIVE, ids=lambda p: p.name)
def test_reencoding_keeps_every_element(dicom_tool, tmp_path, path, syntax):
    out = tmp_path / "out.dcm"
    write(dicom_tool, path, out, SYNTAXES[syntax])
    original, _ = ours_json(dicom_tool, path)
    again, error = ours_json(dicom_tool, out)
    assert error is None, error
    if syntax == "implicit-le":
        # Implicit VR cannot carry the VR of private elements unknown to the private dictionary: they
        # come back as UN (PS3.5 §6.2.2). Their presence is still checked.
        for tag in [t for t, e in again.items() if int(t[:4], 16) % 2 == 1 and e["vr"] == "UN"]:
            assert tag in original
            del again[tag], original[tag]
    diffs = compare_dataset(again, original)
    assert not diffs, "\n".join(diffs[:20])
    ds = pydicom.dcmread(out)
    assert ds.file_meta.TransferSyntaxUID == SYNTAXES[syntax]


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_dicom_json_round_trip(dicom_tool, tmp_path, path):
    """Our DICOM JSON decodes back (PS3.18 Annex F) into a data set whose JSON is the same."""
    original, error = ours_json(dicom_tool, path)
    assert error is None, error
    source = tmp_path / "in.json"
    source.write_text(json.dumps(original))
    out = tmp_path / "out.dcm"
    result = subprocess.run([str(dicom_tool), "from-json", str(source), str(out)], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    again, error = ours_json(dicom_tool, out)
    assert error is None, error
    # Text comes back as UTF-8, so the character set may change to ISO_IR 192; the strings must not.
    drop_character_sets(original)
    drop_character_sets(again)
    diffs = compare_dataset(again, original)
    assert not diffs, "\n".join(diffs[:20])


def drop_character_sets(dataset: dict) -> None:
    """Removes (0008,0005) from a JSON data set and all its items."""
    dataset.pop("00080005", None)
    for element in dataset.values():
        if element.get("vr") == "SQ":
            for item in element.get("Value", []):
                drop_character_sets(item)
