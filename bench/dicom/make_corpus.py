"""Writes N synthetic 512x512 CT files (Explicit VR LE, 16-bit) for the header-indexing benchmark."""
import copy
import pathlib
import sys

import pydicom
from pydicom.data import get_testdata_file
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def main(out_dir: str, count: int) -> None:
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if len(list(out.glob("*.dcm"))) >= count:
        return
    template = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    template.Rows = 512
    template.Columns = 512
    template.PixelData = bytes(512 * 512 * 2)
    template.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    series = generate_uid()
    for index in range(count):
        ds = copy.deepcopy(template)
        ds.SOPInstanceUID = generate_uid()
        ds.SeriesInstanceUID = series
        ds.InstanceNumber = index + 1
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.save_as(out / f"ct{index:05d}.dcm", enforce_file_format=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
