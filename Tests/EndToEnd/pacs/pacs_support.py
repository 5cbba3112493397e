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


def ct_slice_template(study, series, rows=512):
    """(bytes, placeholder) of one 16-bit CT slice whose SOP Instance UID is `placeholder`:
    replace it with another UID of the same length to make more slices cheaply."""
    import io
    import numpy
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian

    placeholder = "2.25.9" + "0" * 30
    ds = Dataset()
    ds.PatientName, ds.PatientID = "CRASH^TEST", "CRASH"
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = study, series, placeholder
    ds.SOPClassUID, ds.Modality = "1.2.840.10008.5.1.4.1.1.2", "CT"
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows = ds.Columns = rows
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.PixelData = numpy.random.default_rng(1).integers(-1000, 2000, (rows, rows), dtype=numpy.int16).tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, placeholder
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue(), placeholder


def numbered_uid(number):
    """A UID as long as ct_slice_template's placeholder."""
    return f"2.25.9{number:030d}"
