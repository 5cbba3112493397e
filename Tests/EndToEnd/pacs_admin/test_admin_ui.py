"""The pacs-admin UI driven in headless Chromium against a real pacs-service (authorization
disabled; the gateway + identity path is in test_admin_gateway.py): upload a folder with
per-file results, search, browse study / series / instance tags, download, delete."""
import base64
import io
import shutil
import urllib.parse
import zipfile

import pydicom
import requests
from selenium.webdriver.common.by import By

from pacs_admin_support import (admin_pacs, browser, corpus_files, generated_study, results_by_file, screenshot,  # noqa: F401
                                upload_folder, visible, wait_for)


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#studies tbody tr.study-row")


def search(driver, base, **fields):
    driver.get(base + "/")
    for name, value in fields.items():
        element = driver.find_element(By.ID, f"f-{name}")
        driver.execute_script("arguments[0].value = arguments[1];", element, value)
    driver.find_element(By.ID, "search-button").click()
    wait_for(driver, lambda d: "/?" in d.current_url)
    return [row.find_element(By.CLASS_NAME, "study-link").text for row in rows(driver)]


def test_upload_search_browse_download_and_delete(admin_pacs, browser, tmp_path):
    base = admin_pacs.url + "/admin"
    folder = tmp_path / "upload"
    folder.mkdir()
    corpus = corpus_files()
    for path in corpus:
        shutil.copy(path, folder / path.name)
    alice_study, alice_series = generated_study(folder / "alice", "Admin^Alice", "ALICE-1", "20240115", series=2, instances=3,
                                                description="Chest CT")
    bob_study, _ = generated_study(folder / "bob", "Admin^Bob", "BOB-1", "20240310", modality="MR", series=1, instances=2,
                                   description="Knee MR")
    (folder / "notes.txt").write_text("not an image\n")
    dicom_count = len(corpus) + 6 + 2

    tally = upload_folder(browser, base, folder)
    screenshot(browser, "upload-results")
    assert tally == {"stored": dicom_count, "present": 0, "failed": 1, "pending": 0}
    results = results_by_file(browser)
    assert results["notes.txt"].startswith("failed: not a DICOM file")
    assert results["CT_small.dcm"] == "stored"

    # The same folder again: everything is already there; the text file fails alone again.
    browser.find_element(By.ID, "clear-upload").click()
    tally = upload_folder(browser, base, folder)
    screenshot(browser, "upload-again")
    assert tally == {"stored": 0, "present": dicom_count, "failed": 1, "pending": 0}

    # Search: wildcard patient name, date range, modality.
    assert search(browser, base, name="admin^ali*") == ["Admin, Alice"]
    screenshot(browser, "studies-wildcard")
    assert search(browser, base, name="Adm?n*") == ["Admin, Bob", "Admin, Alice"]
    assert search(browser, base, **{"from": "2024-03-01", "to": "2024-03-31"}) == ["Admin, Bob"]
    assert search(browser, base, modality="MR", name="admin") == ["Admin, Bob"]
    browser.get(base + "/")
    assert len(rows(browser)) == len({pydicom.dcmread(p, stop_before_pixels=True).StudyInstanceUID for p in corpus}) + 2
    screenshot(browser, "studies")
    browser.find_element(By.ID, "sort-name").click()
    names = [row.find_element(By.CLASS_NAME, "study-link").text for row in rows(browser)]
    assert names.index("Admin, Alice") < names.index("Admin, Bob")

    # Study page: attributes, series with rendered thumbnails, counts, viewer link.
    search(browser, base, name="admin^alice")
    browser.find_element(By.CSS_SELECTOR, "a.study-link").click()
    visible(browser, "study-title")
    assert browser.find_element(By.ID, "patient-id").text == "ALICE-1"
    assert browser.find_element(By.ID, "study-counts").text == "2 series, 6 instances"
    assert browser.find_element(By.ID, "open-viewer").get_attribute("href").endswith(f"/viewer?StudyInstanceUIDs={alice_study}")
    wait_for(browser, lambda d: all(d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
                                    for image in d.find_elements(By.CSS_SELECTOR, "img.thumb")))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".series-card")) == 2
    screenshot(browser, "study")

    # Download the study ZIP: Patient/Study/Series/instance.dcm, every instance byte-identical.
    archive_url = browser.find_element(By.ID, "download-study").get_attribute("href")
    answer = requests.get(archive_url, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.testzip() is None
    sent = {pydicom.dcmread(p).SOPInstanceUID: p.read_bytes() for p in (folder / "alice").iterdir()}
    names = archive.namelist()
    assert len(names) == 6 and all(len(name.split("/")) == 4 for name in names)
    assert all(name.startswith("Admin^Alice (ALICE-1)/2024-01-15 Chest CT/") for name in names)
    for name in names:
        data = archive.read(name)
        dataset = pydicom.dcmread(io.BytesIO(data))
        assert name.endswith(f"/{dataset.SOPInstanceUID}.dcm")
        assert data == sent[dataset.SOPInstanceUID]

    # Series page, then an instance's tag tree with its sequence and private element, and the preview.
    first_series = sorted(alice_series)[0]
    browser.find_element(By.CSS_SELECTOR, f'.series-card[data-uid="{first_series}"] a').click()
    visible(browser, "series-title")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#instances tr.instance-row")) == 3
    screenshot(browser, "series")
    browser.find_element(By.CSS_SELECTOR, "a.instance-link").click()
    visible(browser, "tag-tree")
    keywords = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#tag-tree li.tag > .k")]
    assert "PatientName" in keywords and "TransferSyntaxUID" in keywords
    private = browser.find_elements(By.CSS_SELECTOR, "#tag-tree li.tag.private")
    assert any("TESSERA TEST" in element.text for element in private)
    sequence = browser.find_element(By.XPATH, "//li[contains(@class,'sequence')]//summary[contains(., 'AnatomicRegionSequence')]")
    sequence.click()
    assert browser.find_element(By.XPATH, "//li[contains(@class,'sequence')]//span[@class='v' and text()='Chest']").is_displayed()
    wait_for(browser, lambda d: d.execute_script("const i = document.getElementById('preview-image'); return i.complete && i.naturalWidth > 0"))
    preset = browser.find_element(By.ID, "window-preset")
    preset.find_element(By.XPATH, "option[starts-with(., 'Lung')]").click()
    wait_for(browser, lambda d: "window=-600%2C1500" in d.find_element(By.ID, "preview-image").get_attribute("src"))
    wait_for(browser, lambda d: d.execute_script("const i = document.getElementById('preview-image'); return i.complete && i.naturalWidth > 0"))
    screenshot(browser, "instance")
    instance_file = browser.find_element(By.ID, "download-instance").get_attribute("href")
    assert requests.get(instance_file, timeout=30).content in sent.values()

    # Delete the series after confirming: gone from the study page and from QIDO.
    browser.find_element(By.ID, "crumb-series").click()
    browser.find_element(By.ID, "delete-series").click()
    visible(browser, "confirm-dialog")
    screenshot(browser, "delete-confirm")
    browser.find_element(By.ID, "confirm-delete").click()
    wait_for(browser, lambda d: d.current_url.rstrip("/").endswith(f"/studies/{alice_study}"))
    assert browser.find_element(By.ID, "study-counts").text == "1 series, 3 instances"
    qido = requests.get(f"{admin_pacs.url}/dicom-web/studies/{alice_study}/series", timeout=10).json()
    assert [item["0020000E"]["Value"][0] for item in qido] == [sorted(alice_series)[1]]

    # Statistics reflect the archive.
    browser.get(base + "/statistics")
    assert browser.find_element(By.ID, "stat-instances").text == str(dicom_count - 3)
    assert browser.find_element(By.ID, "database-health").text.startswith("OK")
    screenshot(browser, "statistics")
    assert bob_study

    # Drag and drop: an instance of the deleted series (stored again) and a text file dropped on the zone.
    browser.get(base + "/upload")
    deleted_file = next(p for p in (folder / "alice").iterdir() if pydicom.dcmread(p).SeriesInstanceUID == first_series)
    browser.execute_async_script("""
        const [encoded, done] = [arguments[0], arguments[arguments.length - 1]];
        const bytes = Uint8Array.from(atob(encoded), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "dropped.dcm", {type: "application/dicom"}));
        transfer.items.add(new File(["hello"], "dropped.txt", {type: "text/plain"}));
        document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        setTimeout(done, 200);""", base64.b64encode(deleted_file.read_bytes()).decode())
    browser.find_element(By.ID, "start-upload").click()
    visible(browser, "upload-done")
    assert results_by_file(browser) == {"dropped.dcm": "stored", "dropped.txt": "failed: not a DICOM file (or unreadable)"}
    screenshot(browser, "upload-dropped")

    # The dark scheme follows the system setting.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    browser.get(base + "/")
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(15, 19, 24)"
    screenshot(browser, "studies-dark")


def test_pages_behind_a_prefix_use_it_everywhere(admin_pacs):
    page = requests.get(admin_pacs.url + "/admin/upload", headers={"X-Forwarded-Prefix": "/pacs-admin"}, timeout=10)
    assert page.status_code == 200
    assert 'data-stow="/pacs-admin/dicom-web/studies"' in page.text
    assert 'href="/pacs-admin/logout"' in page.text
    assert "<script>" not in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert urllib.parse.urlsplit(admin_pacs.url).hostname == "127.0.0.1"
