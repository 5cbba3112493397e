"""Rendered PNG/JPEG images decode with pillow to the expected size and plausible values (issue 3 acceptance)."""
import io
import subprocess

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.pixels import apply_color_lut, apply_modality_lut, pixel_array

from dicom_corpus import CORPUS

MONOCHROME = ["CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "rtdose.dcm",
              "liver_1frame.dcm", "emri_small.dcm", "emri_small_RLE.dcm"]
COLOUR = ["SC_rgb.dcm", "SC_rgb_rle.dcm", "SC_rgb_16bit.dcm", "SC_rgb_rle_16bit.dcm", "examples_rgb_color.dcm",
          "SC_ybr_full_422_uncompressed.dcm", "examples_palette.dcm", "SC_rgb_small_odd.dcm"]


def existing(names):
    paths = [CORPUS / "test_files" / name for name in names]
    return [p for p in paths if p.exists()]


def render(tool, path, out, *extra):
    result = subprocess.run([str(tool), "render", str(path), "0", str(out), *extra], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return Image.open(io.BytesIO(out.read_bytes()))


def reference_monochrome(ds):
    """Modality LUT by pydicom, then the PS3.3 C.11.2.1.2 LINEAR window (or the range), as 0..255."""
    values = apply_modality_lut(pixel_array(ds, index=0, raw=True), ds).astype(np.float64)
    if "WindowCenter" in ds and "WindowWidth" in ds:
        center = float(np.atleast_1d(ds.WindowCenter)[0])
        width = float(np.atleast_1d(ds.WindowWidth)[0])
        out = ((values - (center - 0.5)) / (width - 1) + 0.5)
        out = np.where(values <= center - 0.5 - (width - 1) / 2, 0, out)
        out = np.where(values > center - 0.5 + (width - 1) / 2, 1, out)
    else:
        out = (values - values.min()) / max(values.max() - values.min(), 1)
    out = np.clip(np.round(out * 255), 0, 255)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        out = 255 - out
    return out.astype(np.uint8)


def test_render_corpus_present():
    assert len(existing(MONOCHROME)) >= 6 and len(existing(COLOUR)) >= 6


@pytest.mark.parametrize("path", existing(MONOCHROME), ids=lambda p: p.name)
def test_monochrome_png_matches_reference(dicom_tool, tmp_path, path):
    ds = pydicom.dcmread(path)
    image = render(dicom_tool, path, tmp_path / "out.png")
    assert image.format == "PNG" and image.mode == "L"
    assert image.size == (ds.Columns, ds.Rows)
    ours = np.asarray(image).astype(int)
    reference = reference_monochrome(ds).reshape(ours.shape).astype(int)
    assert np.mean(np.abs(ours - reference) <= 1) > 0.99
    jpeg = render(dicom_tool, path, tmp_path / "out.jpg", "--jpeg")
    assert jpeg.format == "JPEG" and jpeg.size == (ds.Columns, ds.Rows)
    assert np.mean(np.abs(np.asarray(jpeg).astype(int) - reference)) < 8


def test_explicit_window_changes_the_image(dicom_tool, tmp_path):
    path = CORPUS / "test_files" / "CT_small.dcm"
    narrow = np.asarray(render(dicom_tool, path, tmp_path / "a.png", "--window", "40", "80"))
    wide = np.asarray(render(dicom_tool, path, tmp_path / "b.png", "--window", "40", "4000"))
    assert narrow.std() > wide.std()
    assert set(np.unique(narrow)) >= {0, 255}


@pytest.mark.parametrize("path", existing(COLOUR), ids=lambda p: p.name)
def test_colour_png_matches_pydicom_rgb(dicom_tool, tmp_path, path):
    ds = pydicom.dcmread(path)
    image = render(dicom_tool, path, tmp_path / "out.png")
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size == (ds.Columns, ds.Rows)
    ours = np.asarray(image).astype(int)
    if ds.PhotometricInterpretation == "PALETTE COLOR":
        rgb = apply_color_lut(pixel_array(ds, index=0, raw=True), ds)
    else:
        rgb = pixel_array(ds, index=0)  # pydicom converts YBR to RGB here
    rgb = np.asarray(rgb)
    if rgb.dtype.itemsize > 1:
        rgb = rgb >> (8 * rgb.dtype.itemsize - 8)
    assert np.max(np.abs(ours - rgb.reshape(ours.shape).astype(int))) <= 2
    jpeg = render(dicom_tool, path, tmp_path / "out.jpg", "--jpeg")
    assert jpeg.format == "JPEG" and jpeg.size == (ds.Columns, ds.Rows) and jpeg.mode == "RGB"
