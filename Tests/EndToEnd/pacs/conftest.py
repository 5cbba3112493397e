"""Fixtures for pacs-service's end-to-end tests: a running pacs-service on a fresh database
and storage directory, and a dicomweb-client pointed at it. Helpers live in pacs_support.py."""
import pytest
from dicomweb_client.api import DICOMwebClient


@pytest.fixture
def pacs(services, database_url, tmp_path):
    """A ready pacs-service with its own database and storage."""
    storage = tmp_path / "storage"
    return services("pacs-service", DATABASE_URL=database_url, PACS_STORAGE_DIR=storage,
                    PUBLIC_URL="http://public.example", PACS_AUTH="disabled").wait_ready()


@pytest.fixture
def dicomweb(pacs):
    """A dicomweb-client for the service's DICOMweb root."""
    return DICOMwebClient(url=f"{pacs.url}/dicom-web")
