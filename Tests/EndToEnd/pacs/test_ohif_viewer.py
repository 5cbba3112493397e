"""The real OHIF Viewer v3 in headless Chromium, pointed at pacs-service with a token from
identity-service (seed realm): the study list shows the stored study and the viewer renders
its image (the viewport's pixels are not blank)."""
import io
import time

import numpy
import pytest
import requests
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from ohif_support import ROOT, ViewerServer, ct_study, viewer_dir

ADMIN_PASSWORD = "admin-password-for-ohif-test"
PACS_SECRET = "pacs-secret-for-ohif-test"
STUDY, SERIES = "2.25.31415926535", "2.25.31415926535.1"


def user_token(identity_url):
    """A realm `ohif` user (default roles: pacs-read, pacs-write) and its access token."""
    master = requests.post(f"{identity_url}/realms/master/protocol/openid-connect/token", timeout=30, data={
        "grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": ADMIN_PASSWORD})
    master.raise_for_status()
    admin = {"Authorization": "Bearer " + master.json()["access_token"]}
    created = requests.post(f"{identity_url}/admin/realms/ohif/users", headers=admin, timeout=30, json={
        "username": "viewer", "email": "viewer@example.org", "enabled": True, "firstName": "View", "lastName": "Er"})
    created.raise_for_status()
    user = created.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    requests.put(f"{identity_url}/admin/realms/ohif/users/{user}/reset-password", headers=admin, timeout=30,
                 json={"type": "password", "value": "viewer-password-1", "temporary": False}).raise_for_status()
    token = requests.post(f"{identity_url}/realms/ohif/protocol/openid-connect/token", auth=("pacs", PACS_SECRET), timeout=30,
                          data={"grant_type": "password", "username": "viewer", "password": "viewer-password-1", "scope": "openid"})
    token.raise_for_status()
    return token.json()["access_token"]


def chromium():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--enable-unsafe-swiftshader",
                     "--use-gl=angle", "--use-angle=swiftshader", "--window-size=1280,900"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def wait_for(driver, condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception:  # the page is still changing under us
            pass
        time.sleep(0.5)
    logs = "\n".join(entry["message"] for entry in driver.get_log("browser"))[-4000:]
    pytest.fail(f"timed out waiting for {what}; browser console:\n{logs}")


def lit_pixels(driver, element):
    """How many pixels of an element's screenshot are clearly brighter than black."""
    image = Image.open(io.BytesIO(element.screenshot_as_png)).convert("L")
    return int((numpy.asarray(image) > 60).sum())


def test_ohif_lists_the_study_and_renders_its_image(services, database_url, tmp_path):
    directory = viewer_dir()
    public = "http://127.0.0.1:1"  # only names the issuer: tokens carry ${PUBLIC_URL}/auth/realms/ohif
    identity = services("identity-service", DATABASE_URL=database_url, PUBLIC_URL=public, IDENTITY_ADMIN_USER="admin",
                        IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD, IDENTITY_IMPORT_REALMS=ROOT / "deploy/realms/ohif-realm.json",
                        PACS_CLIENT_SECRET=PACS_SECRET).wait_ready(timeout=120)
    token = user_token(identity.url)
    viewer = None
    pacs = None
    driver = chromium()
    try:
        # pacs-service must allow the viewer's origin, which needs the viewer's port first.
        viewer = ViewerServer(directory)
        pacs = services("pacs-service", DATABASE_URL=database_url, PACS_STORAGE_DIR=tmp_path / "storage", PUBLIC_URL=public,
                        PACS_IDENTITY_URLS=identity.url, PACS_CORS_ORIGINS=viewer.url).wait_ready(timeout=120)
        viewer.configure(f"{pacs.url}/dicom-web", token)
        assert requests.get(f"{pacs.url}/dicom-web/studies", timeout=30).status_code == 401

        boundary = "ohif-boundary"
        body = b"".join(f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode() + part + b"\r\n"
                        for part in ct_study(STUDY, SERIES)) + f"--{boundary}--\r\n".encode()
        stored = requests.post(f"{pacs.url}/dicom-web/studies", data=body, timeout=60, headers={
            "Authorization": "Bearer " + token, "Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}'})
        assert stored.status_code == 200, stored.text

        driver.get(f"{viewer.url}/ohif/")
        wait_for(driver, lambda: "OHIFACC1" in driver.find_element(By.TAG_NAME, "body").text, 120, "the study list row")
        assert "Tessera viewer check" in driver.find_element(By.TAG_NAME, "body").text

        driver.get(f"{viewer.url}/ohif/viewer?StudyInstanceUIDs={STUDY}")
        canvas = wait_for(driver, lambda: driver.find_element(By.CSS_SELECTOR, "canvas.cornerstone-canvas"), 120, "the viewport canvas")
        lit = wait_for(driver, lambda: lit_pixels(driver, canvas) > 2000 and lit_pixels(driver, canvas), 120, "a rendered image")
        assert lit > 2000
        driver.save_screenshot(str(tmp_path / "ohif-viewer.png"))
    finally:
        driver.quit()
        if viewer:
            viewer.stop()
