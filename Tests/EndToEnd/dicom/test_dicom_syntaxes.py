"""A generated set covering every transfer syntax (issue 3 acceptance): native syntaxes written by pydicom,
and every encapsulated syntax pydicom knows (fragments kept as they are), compared element by element."""
import pydicom
import pytest
from pydicom import uid
from pydicom.encaps import encapsulate

from dicom_corpus import CORPUS
from normalise import compare_dataset
from test_dicom_conformance import ours_json, pydicom_json

ENCAPSULATED = sorted(u for u in uid.AllTransferSyntaxes if uid.UID(u).is_compressed)
NATIVE = [uid.ImplicitVRLittleEndian, uid.ExplicitVRLittleEndian, uid.ExplicitVRBigEndian, uid.DeflatedExplicitVRLittleEndian]


def test_syntax_lists_are_complete():
    assert len(ENCAPSULATED) >= 20
    assert uid.RLELossless in ENCAPSULATED and uid.JPEG2000 in ENCAPSULATED


@pytest.mark.parametrize("syntax", NATIVE + ENCAPSULATED)
def test_generated_file_matches_pydicom(dicom_tool, tmp_path, syntax):
    ds = pydicom.dcmread(CORPUS / "test_files" / "CT_small.dcm")
    if uid.UID(syntax).is_compressed:
        # Two frames of opaque "compressed" bytes in fragments with a Basic Offset Table.
        ds.NumberOfFrames = 2
        ds.PixelData = encapsulate([b"\xff\xd8frame-one\xff\xd9", b"\xff\xd8frame-two!!\xff\xd9"], has_bot=True)
        ds["PixelData"].VR = "OB"
    ds.file_meta.TransferSyntaxUID = syntax
    out = tmp_path / "generated.dcm"
    if syntax == uid.ExplicitVRBigEndian:
        pydicom.dcmwrite(out, ds, implicit_vr=False, little_endian=False, enforce_file_format=True)
    else:
        ds.save_as(out, enforce_file_format=True)
    theirs, their_error = pydicom_json(out)
    assert their_error is None, their_error
    ours, our_error = ours_json(dicom_tool, out)
    assert our_error is None, our_error
    diffs = compare_dataset(ours, theirs)
    assert not diffs, "\n".join(diffs[:20])
