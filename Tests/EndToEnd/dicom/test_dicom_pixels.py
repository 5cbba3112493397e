"""Frames and decoded pixel values equal pydicom's (issue 3 acceptance)."""
import subprocess
import warnings

import numpy as np
import pydicom
import pytest
from pydicom.encaps import get_frame
from pydicom.pixels import pixel_array

from test_dicom_conformance import FILES, STRICTER_THAN_PYDICOM, pydicom_read

NATIVE_OR_RLE = {
    pydicom.uid.ImplicitVRLittleEndian, pydicom.uid.ExplicitVRLittleEndian, pydicom.uid.ExplicitVRBigEndian,
    pydicom.uid.DeflatedExplicitVRLittleEndian, pydicom.uid.RLELossless,
}


def frame_count(ds) -> int:
    return int(ds.get("NumberOfFrames", 1) or 1)


def image_files():
    result = []
    for path in FILES:
        if path.name in STRICTER_THAN_PYDICOM:
            continue
        ds, error = pydicom_read(path)
        try:
            usable = error is None and "PixelData" in ds and int(ds.Rows) > 0 and int(ds.BitsAllocated) > 0 \
                and frame_count(ds) > 0
        except (ValueError, TypeError, AttributeError):
            usable = False  # e.g. badVR.dcm: pydicom cannot read its image attributes either
        if usable:
            result.append(path)
    return result


IMAGES = image_files()


def frame_indices(ds):
    count = frame_count(ds)
    return sorted({0, count - 1})


def syntax(ds):
    return ds.file_meta.get("TransferSyntaxUID", pydicom.uid.ImplicitVRLittleEndian)


def test_corpus_has_images():
    assert len(IMAGES) > 50


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_frames_equal_pydicom(dicom_tool, tmp_path, path):
    ds = pydicom.dcmread(path)
    for index in frame_indices(ds):
        out = tmp_path / f"frame{index}"
        result = subprocess.run([str(dicom_tool), "frame", str(path), str(index), str(out)], capture_output=True)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        ours = out.read_bytes()
        if syntax(ds).is_compressed:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                offsets = None
                if "ExtendedOffsetTable" in ds:
                    offsets = (ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths)
                theirs = get_frame(ds.PixelData, index, number_of_frames=frame_count(ds), extended_offsets=offsets)
            assert ours == theirs
        elif ds.BitsAllocated >= 8 and ds.original_encoding[1]:
            length = len(ours)
            assert ours == ds.PixelData[index * length:(index + 1) * length]
        elif ds.BitsAllocated >= 8:
            # Big endian: our frames are little endian; compare with pydicom's decoded values.
            values = pixel_array(ds, index=index, raw=True)
            if ds.get("PlanarConfiguration", 0) == 1 and values.ndim == 3:
                values = values.transpose(2, 0, 1)
            assert ours == values.astype(values.dtype.newbyteorder("<")).tobytes()
        else:
            assert len(ours) == (ds.Rows * ds.Columns * ds.SamplesPerPixel + 7) // 8


@pytest.mark.parametrize("path", IMAGES, ids=lambda p: p.name)
def test_pixel_values_equal_pydicom(dicom_tool, tmp_path, path):
    ds = pydicom.dcmread(path)
    for index in frame_indices(ds):
        out = tmp_path / f"pixels{index}"
        result = subprocess.run([str(dicom_tool), "pixels", str(path), str(index), str(out)], capture_output=True, text=True)
        if syntax(ds) not in NATIVE_OR_RLE:
            assert result.returncode != 0
            assert "unsupportedTransferSyntax" in result.stderr, result.stderr
            continue
        assert result.returncode == 0, result.stderr
        rows, columns, samples = map(int, result.stdout.split())
        ours = np.frombuffer(out.read_bytes(), dtype="<i8")
        theirs = pixel_array(ds, index=index, raw=True)
        assert (rows, columns) == (ds.Rows, ds.Columns)
        assert ours.size == theirs.size
        assert np.array_equal(ours, theirs.reshape(-1).astype(np.int64))
