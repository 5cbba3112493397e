"""The pacs benchmark's files, generated once under the work directory and reused:

- `small/`: one small instance per study (64x64 MR/CT/CR/US/DX, varied patients, dates,
  accession numbers, descriptions) for the STOW and QIDO measurements;
- `series/`: one 200-slice 512x512 16-bit CT series (a phantom with noise, so gzip has
  realistic work) for series metadata, frames and whole-study retrieve;
- `LargeSTOW`: a ~1 GB multipart body generated on the fly from one slice template, with
  fresh UIDs patched in, so the RSS measurement does not need a gigabyte on disk.
"""
import io
import pathlib
import random

import numpy
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

SURNAMES = ["SMITH", "JONES", "MÜLLER", "GARCIA", "NGUYEN", "DUBOIS", "ROSSI", "KOWALSKI", "SATO", "BROWN",
            "TAYLOR", "WILSON", "ANDERSEN", "PETROV", "SILVA", "MARTIN", "LEE", "WALKER", "HALL", "YOUNG"]
GIVEN = ["JOHN", "MARY", "ANNA", "PETER", "LUCA", "SOPHIE", "HIRO", "OLGA", "PAUL", "EMMA"]
MODALITIES = ["CT", "MR", "CR", "US", "DX"]
SOP_CLASS = {"CT": "1.2.840.10008.5.1.4.1.1.2", "MR": "1.2.840.10008.5.1.4.1.1.4", "CR": "1.2.840.10008.5.1.4.1.1.1",
             "US": "1.2.840.10008.5.1.4.1.1.6.1", "DX": "1.2.840.10008.5.1.4.1.1.1.1"}


def uid(prefix: int, number: int) -> str:
    """A valid, deterministic UID under 2.25 (no leading zeros, fixed length per prefix)."""
    return f"2.25.{prefix}{number:030d}"


def _image(ds: Dataset, modality: str, rows: int, pixels: bytes) -> None:
    ds.Modality = modality
    ds.SOPClassUID = SOP_CLASS[modality]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = rows
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.PixelData = pixels


def _write(ds: Dataset) -> bytes:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = "2.25.1234567890"
    ds.file_meta = meta
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def small_studies(root: pathlib.Path, count: int) -> list[pathlib.Path]:
    """`count` one-instance studies; generated once."""
    folder = root / "small"
    marker = folder / f".complete-{count}"
    paths = [folder / f"{n:06d}.dcm" for n in range(count)]
    if marker.exists():
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(4)
    pixels = numpy.random.default_rng(4).integers(0, 1000, (64, 64), dtype=numpy.int16).tobytes()
    for n, path in enumerate(paths):
        ds = Dataset()
        patient = n // 3
        ds.PatientName = f"{SURNAMES[patient % len(SURNAMES)]}^{GIVEN[(patient // 20) % len(GIVEN)]}"
        ds.PatientID = f"PID{patient:06d}"
        ds.PatientBirthDate = f"{1930 + patient % 70}{1 + patient % 12:02d}{1 + patient % 28:02d}"
        ds.PatientSex = "MF"[patient % 2]
        ds.StudyInstanceUID = uid(1, n)
        ds.SeriesInstanceUID = uid(2, n)
        ds.SOPInstanceUID = uid(3, n)
        ds.StudyDate = f"{2000 + rng.randrange(25)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        ds.StudyTime = f"{rng.randrange(24):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}"
        ds.AccessionNumber = f"ACC{n:07d}"
        ds.StudyID = str(n)
        ds.StudyDescription = rng.choice(["HEAD", "CHEST", "ABDOMEN", "KNEE", "SPINE"]) + " STUDY"
        ds.ReferringPhysicianName = f"{rng.choice(SURNAMES)}^DR"
        ds.SeriesNumber = 1
        ds.InstanceNumber = 1
        ds.SeriesDescription = "SERIES"
        _image(ds, MODALITIES[n % len(MODALITIES)], 64, pixels)
        path.write_bytes(_write(ds))
    marker.touch()
    return paths


def _slice(study: str, series: str, sop: str, index: int, pixels: bytes) -> bytes:
    ds = Dataset()
    ds.PatientName = "PHANTOM^CT"
    ds.PatientID = "PHANTOM"
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.SOPInstanceUID = sop
    ds.StudyDate = "20240101"
    ds.StudyTime = "120000"
    ds.AccessionNumber = "PHANTOM1"
    ds.StudyDescription = "CT PHANTOM"
    ds.SeriesNumber = 2
    ds.InstanceNumber = index + 1
    ds.ImagePositionPatient = [-250, -250, -index * 1.25]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [0.976, 0.976]
    ds.SliceThickness = 1.25
    ds.RescaleIntercept = -1024
    ds.RescaleSlope = 1
    ds.WindowCenter = 40
    ds.WindowWidth = 400
    _image(ds, "CT", 512, pixels)
    return _write(ds)


def _phantom(index: int, rng: numpy.random.Generator) -> bytes:
    y, x = numpy.mgrid[-256:256, -256:256]
    body = (x * x + y * y) < (200 - index % 40) ** 2
    image = numpy.where(body, 1064, 24).astype(numpy.int16)
    image += rng.integers(-12, 12, image.shape, dtype=numpy.int16)
    return image.tobytes()


def ct_series(root: pathlib.Path, slices: int = 200) -> tuple[str, str, list[tuple[str, pathlib.Path]]]:
    """(study, series, [(sop, path)]) of the 200-slice CT series; generated once."""
    folder = root / "series"
    marker = folder / f".complete-{slices}"
    study, series = uid(4, 1), uid(5, 1)
    items = [(uid(6, n), folder / f"{n:04d}.dcm") for n in range(slices)]
    if not marker.exists():
        folder.mkdir(parents=True, exist_ok=True)
        rng = numpy.random.default_rng(5)
        for n, (sop, path) in enumerate(items):
            path.write_bytes(_slice(study, series, sop, n, _phantom(n, rng)))
        marker.touch()
    return study, series, items


class LargeSTOW:
    """A file-like multipart/related body of `count` 512x512 CT slices (~0.5 MB each) with fresh
    UIDs; its length is known up front, so it is sent with Content-Length (Orthanc needs that)."""

    def __init__(self, run: int, count: int, boundary: str = "bench-large-stow"):
        self.boundary = boundary
        self.study, self.series = uid(7, run), uid(8, run)
        self.placeholder = uid(9, 0).encode()
        template = _slice(self.study, self.series, self.placeholder.decode(), 0,
                          _phantom(0, numpy.random.default_rng(6)))
        self.template = template
        self.run, self.count = run, count
        self.head = f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode()
        self.part_length = len(self.head) + len(template) + 2
        self.total = self.part_length * count + len(f"--{boundary}--\r\n")
        self.position = 0

    def __len__(self) -> int:
        return self.total

    def _part(self, index: int) -> bytes:
        if getattr(self, "_cached", (None, b""))[0] != index:
            sop = uid(9, self.run * 1_000_000 + index + 1).encode()
            self._cached = (index, self.head + self.template.replace(self.placeholder, sop) + b"\r\n")
        return self._cached[1]

    def read(self, size: int = -1) -> bytes:
        if self.position >= self.total:
            return b""
        index = self.position // self.part_length
        part = self._part(index) if index < self.count else f"--{self.boundary}--\r\n".encode()
        offset = self.position - index * self.part_length
        end = len(part) if size is None or size < 0 else min(len(part), offset + max(size, 1 << 20))
        data = memoryview(part)[offset:end].tobytes()
        self.position += len(data)
        return data
