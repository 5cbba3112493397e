"""Fixtures for the DICOM conformance tests."""
import pathlib

import pytest

from dicom_corpus import bin_dir


@pytest.fixture(scope="session")
def dicom_tool() -> pathlib.Path:
    tool = bin_dir() / "dicom-tool"
    assert tool.exists(), f"dicom-tool not built at {tool} (set TESSERA_BIN_DIR)"
    return tool
