"""pacs-service verifies bearer tokens by default: health stays open, DICOMweb needs a token."""
import requests


def test_dicomweb_requires_a_bearer_token_by_default(services, database_url, tmp_path):
    pacs = services("pacs-service", DATABASE_URL=database_url, PACS_STORAGE_DIR=tmp_path / "storage",
                    PACS_IDENTITY_URLS="http://127.0.0.1:9").wait_ready()
    assert requests.get(f"{pacs.url}/healthz", timeout=10).status_code == 200
    answer = requests.get(f"{pacs.url}/dicom-web/studies", timeout=10)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    forged = requests.get(f"{pacs.url}/dicom-web/studies", timeout=10, headers={"Authorization": "Bearer abc.def.ghi"})
    assert forged.status_code == 401
    assert 'error="invalid_token"' in forged.headers["WWW-Authenticate"]
