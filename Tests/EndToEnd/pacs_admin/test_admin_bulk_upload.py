"""An upload of 1,000 small files through the UI completes with a correct tally."""
import time

import requests

from pacs_admin_support import admin_pacs, browser, generated_study, screenshot, upload_folder  # noqa: F401


def test_thousand_files_upload_with_a_correct_tally(admin_pacs, browser, tmp_path):
    folder = tmp_path / "thousand"
    study, layout = generated_study(folder, "Bulk^Upload", "BULK-1", "20240501", series=10, instances=100)
    started = time.monotonic()
    tally = upload_folder(browser, admin_pacs.url + "/admin", folder, timeout=600)
    seconds = time.monotonic() - started
    screenshot(browser, "upload-1000")
    print(f"1000 files uploaded through the UI in {seconds:.1f} s")
    assert tally == {"stored": 1000, "present": 0, "failed": 0, "pending": 0}
    answer = requests.get(f"{admin_pacs.url}/dicom-web/studies", params={"StudyInstanceUID": study}, timeout=10).json()
    assert answer[0]["00201208"]["Value"] == [1000]
    assert sum(len(uids) for uids in layout.values()) == 1000
