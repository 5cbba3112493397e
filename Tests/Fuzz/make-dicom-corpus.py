#!/usr/bin/env python3
"""Writes the small DICOM fuzz seed corpus (Tests/Fuzz/dicom-corpus) with pydicom: one file per
encoding feature (transfer syntaxes, sequences, UN, private tags, fragments, RLE, character sets)."""
import pathlib

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
from pydicom import uid

OUT = pathlib.Path(__file__).resolve().parent / "dicom-corpus"


def base(rows=4, columns=4, bits=8, samples=1, photometric="MONOCHROME2"):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = uid.SecondaryCaptureImageStorage
    ds.SOPInstanceUID = "1.2.3.4"
    ds.PatientName = "Doe^Jane"
    ds.PatientID = "P1"
    ds.StudyDate = "20240101"
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits, bits, bits - 1
    ds.PixelRepresentation = 0
    ds.WindowCenter, ds.WindowWidth = 128, 256
    if samples > 1:
        ds.PlanarConfiguration = 0
    item = Dataset()
    item.CodeValue = "T-1"
    item.CodingSchemeDesignator = "SRT"
    inner = Dataset()
    inner.ReferencedSOPInstanceUID = "1.2.3.5"
    item.ReferencedImageSequence = Sequence([inner])
    ds.AnatomicRegionSequence = Sequence([item, Dataset()])
    block = ds.private_block(0x0011, "TESSERA FUZZ", create=True)
    block.add_new(0x01, "LO", "private")
    block.add_new(0x02, "US", [1, 2, 3])
    return ds


def save(ds, name, syntax, implicit=None, little=None):
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(OUT / name, enforce_file_format=True)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    pixels = np.arange(16, dtype=np.uint8).reshape(4, 4)
    for name, syntax in [("explicit-le.dcm", uid.ExplicitVRLittleEndian), ("implicit-le.dcm", uid.ImplicitVRLittleEndian),
                         ("explicit-be.dcm", uid.ExplicitVRBigEndian), ("deflated.dcm", uid.DeflatedExplicitVRLittleEndian)]:
        ds = base()
        ds.PixelData = pixels.tobytes()
        save(ds, name, syntax)

    ds = base(bits=16)
    ds.PixelData = (np.arange(16, dtype=np.uint16) * 300).tobytes()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = uid.ExplicitVRLittleEndian
    ds.compress(uid.RLELossless, encoding_plugin="pydicom")
    save(ds, "rle-16bit.dcm", uid.RLELossless)

    ds = base(samples=3, photometric="RGB")
    ds.NumberOfFrames = 2
    ds.PixelData = encapsulate([bytes([0xFF, 0xD8]) + bytes(10) + bytes([0xFF, 0xD9])] * 2, has_bot=True)
    save(ds, "fragments-bot.dcm", uid.JPEGBaseline8Bit)

    ds = base(bits=1)
    ds.Rows = ds.Columns = 3
    ds.NumberOfFrames = 3
    ds.PixelData = bytes([0b10110101, 0b01101011, 0b11001100, 0b00000001])
    save(ds, "one-bit.dcm", uid.ExplicitVRLittleEndian)

    ds = base()
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    ds.PatientName = "Yamada^Tarou=山田^太郎=やまだ^たろう"
    ds.PixelData = pixels.tobytes()
    save(ds, "iso2022.dcm", uid.ExplicitVRLittleEndian)

    # An undefined-length UN sequence (implicit VR inside explicit VR), written by hand after the meta group.
    ds = base()
    ds.PixelData = pixels.tobytes()
    save(ds, "un-sequence.dcm", uid.ExplicitVRLittleEndian)
    raw = (OUT / "un-sequence.dcm").read_bytes()
    un = (b"\x11\x00\x10\x00LO\x06\x00ACME  " + b"\x11\x00\x00\x10UN\x00\x00\xff\xff\xff\xff"
          + b"\xfe\xff\x00\xe0\xff\xff\xff\xff" + b"\x08\x00\x00\x01\x04\x00\x00\x00ABCD"
          + b"\xfe\xff\x0d\xe0\x00\x00\x00\x00" + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    marker = raw.index(b"\xe0\x7f\x10\x00")
    (OUT / "un-sequence.dcm").write_bytes(raw[:marker] + un + raw[marker:])


if __name__ == "__main__":
    main()
