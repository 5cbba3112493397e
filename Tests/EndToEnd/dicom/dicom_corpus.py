"""Locating our dicom-tool binary and pydicom's test corpus for the DICOM conformance tests.

Environment:
  TESSERA_BIN_DIR    directory with the built executables (default .build/debug)
  TESSERA_CACHE_DIR  cache directory for the downloaded pydicom wheel (default .build/cache)
"""
import os
import pathlib
import subprocess
import sys
import zipfile

import pydicom

REPO = pathlib.Path(__file__).resolve().parents[3]


def bin_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("TESSERA_BIN_DIR", REPO / ".build" / "debug"))


def corpus_dir() -> pathlib.Path:
    """Download pydicom's wheel (same version as installed) into the cache and unpack its data files."""
    cache = pathlib.Path(os.environ.get("TESSERA_CACHE_DIR", REPO / ".build" / "cache"))
    target = cache / f"pydicom-{pydicom.__version__}-data"
    marker = target / ".complete"
    if marker.exists():
        return target / "pydicom" / "data"
    cache.mkdir(parents=True, exist_ok=True)
    wheels = list(cache.glob(f"pydicom-{pydicom.__version__}-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             f"pydicom=={pydicom.__version__}", "-d", str(cache)],
            check=True, stdout=subprocess.DEVNULL)
        wheels = list(cache.glob(f"pydicom-{pydicom.__version__}-*.whl"))
    assert wheels, "pydicom wheel download failed"
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in wheel.namelist():
            if name.startswith(("pydicom/data/test_files/", "pydicom/data/charset_files/")):
                wheel.extract(name, target)
    marker.touch()
    return target / "pydicom" / "data"


CORPUS = corpus_dir()
