"""The acceptance path: the real edge-gateway, identity-service and pacs-service. A user signs
in at /pacs-admin (session login), sees their name, uploads a folder (pydicom's test files, a
generated study, a text file), finds the study by wildcard name and by date range, and
as `pacs-admin` deletes a series (gone from QIDO too); a user without `pacs-admin` is offered
no delete and a forged delete request is refused (403); sign-out ends the session."""
import base64
import io
import os
import secrets
import shutil
import zipfile

import pydicom

import pytest
from keycloak import KeycloakAdmin
from selenium.webdriver.common.by import By

from e2e_support import ROOT, free_port
from pacs_admin_support import browser, corpus_files, generated_study, screenshot, upload_folder, visible, wait_for  # noqa: F401

ADMIN_PASSWORD = "admin-password-for-tests"
PASSWORD = "correct horse battery"


@pytest.fixture
def stack(services, database_url, tmp_path):
    """identity-service, pacs-service (verifying tokens) and the gateway in front of both."""
    gateway_port, identity_port = free_port(), free_port()
    public = f"http://127.0.0.1:{gateway_port}"
    secret = "pacs-secret-" + secrets.token_hex(8)
    identity = services("identity-service", HTTP_PORT=identity_port, PUBLIC_URL=public, DATABASE_URL=database_url,
                        IDENTITY_ADMIN_USER="admin", IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD,
                        IDENTITY_IMPORT_REALMS=ROOT / "deploy" / "realms" / "ohif-realm.json", PACS_CLIENT_SECRET=secret)
    identity.wait_ready(timeout=120)
    pacs = services("pacs-service", DATABASE_URL=database_url, PACS_STORAGE_DIR=tmp_path / "storage", PUBLIC_URL=public,
                    PACS_IDENTITY_URLS=identity.url).wait_ready()
    gateway = services("edge-gateway", HTTP_PORT=gateway_port, PUBLIC_URL=public, GATEWAY_IDENTITY_URLS=identity.url,
                       GATEWAY_PACS_URLS=pacs.url, PACS_CLIENT_SECRET=secret, GATEWAY_SESSION_SECRET=secrets.token_hex(32))
    gateway.wait_ready(timeout=60)
    admin = KeycloakAdmin(server_url=public + "/auth/", username="admin", password=ADMIN_PASSWORD, realm_name="ohif",
                          user_realm_name="master", client_id="admin-cli")
    for name in ["alice", "bob"]:
        user = admin.create_user({"username": name, "enabled": True, "firstName": name.title(), "lastName": "Tester"})
        admin.set_user_password(user, PASSWORD, temporary=False)
        if name == "alice":
            admin.assign_realm_roles(user, [admin.get_realm_role("pacs-admin")])
    return public


def sign_in(driver, public, username):
    driver.get(public + "/pacs-admin/")
    try:
        visible(driver, "kc-form-login", timeout=15)
    except Exception:
        screenshot(driver, "gateway-sign-in-failed")
        raise AssertionError(f"no login form at {driver.current_url}: {driver.page_source[:600]}")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "kc-login").click()
    visible(driver, "user-name")
    assert driver.current_url.startswith(public + "/pacs-admin/")


def fetch(driver, method, path, marker=True):
    """Runs fetch() in the page (with the session cookie); returns the status."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {method: arguments[1], headers: arguments[2] ? {'X-Requested-With': 'tessera-admin'} : {}})"
        ".then(r => done(r.status), e => done(String(e)));", path, method, marker)


def test_sign_in_upload_find_delete_and_roles_through_the_gateway(stack, browser, tmp_path):
    public = stack
    folder = tmp_path / "upload"
    study, series = generated_study(folder, "Gateway^Gina", "GW-1", "20240202", series=2, instances=2, description="Gateway study")
    (folder / "readme.txt").write_text("not DICOM")
    corpus = corpus_files()
    for path in corpus:  # pydicom's test files, named so the study ZIP check below ignores them
        shutil.copy(path, folder / (path.stem + ".dicom"))

    sign_in(browser, public, "alice")
    assert browser.find_element(By.ID, "user-name").text == "alice"
    assert browser.find_element(By.ID, "sign-out").get_attribute("href") == public + "/pacs-admin/logout"
    screenshot(browser, "gateway-studies-empty")
    tally = upload_folder(browser, public + "/pacs-admin", folder)
    assert tally == {"stored": 4 + len(corpus), "present": 0, "failed": 1, "pending": 0}
    screenshot(browser, "gateway-upload")

    browser.get(public + "/pacs-admin/?from=2024-02-01&to=2024-02-03")
    assert "Gateway, Gina" in [link.text for link in browser.find_elements(By.CSS_SELECTOR, "a.study-link")]
    browser.get(public + "/pacs-admin/?from=2024-02-03")
    assert "Gateway, Gina" not in [link.text for link in browser.find_elements(By.CSS_SELECTOR, "a.study-link")]
    browser.get(public + "/pacs-admin/?name=gate*gi?a")
    links = browser.find_elements(By.CSS_SELECTOR, "a.study-link")
    assert [link.text for link in links] == ["Gateway, Gina"]
    assert links[0].get_attribute("href") == f"{public}/pacs-admin/studies/{study}"
    links[0].click()
    wait_for(browser, lambda d: all(d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
                                    for image in d.find_elements(By.CSS_SELECTOR, "img.thumb")))
    screenshot(browser, "gateway-study")
    # The study ZIP through the gateway session: every instance intact (pydicom), plain layout.
    archive_path = browser.find_element(By.ID, "download-study").get_attribute("href")
    assert archive_path == f"{public}/pacs-admin/studies/{study}/archive"
    encoded = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.blob()).then(b => { const f = new FileReader(); f.onload = () => done(f.result.split(',')[1]); f.readAsDataURL(b); });",
        archive_path)
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded)))
    sent = {pydicom.dcmread(p).SOPInstanceUID: p.read_bytes() for p in folder.glob("*.dcm")}
    assert sorted(pydicom.dcmread(io.BytesIO(archive.read(n))).SOPInstanceUID for n in archive.namelist()) == sorted(sent)
    assert all(archive.read(n) == sent[n.split("/")[-1][:-4]] and n.count("/") == 3 for n in archive.namelist())

    # A series and an instance's tags.
    kept = sorted(series)[1]
    browser.find_element(By.CSS_SELECTOR, f'.series-card[data-uid="{kept}"] a').click()
    browser.find_element(By.CSS_SELECTOR, "a.instance-link").click()
    visible(browser, "tag-tree")
    assert "PatientName" in [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#tag-tree li.tag > .k")]
    wait_for(browser, lambda d: d.execute_script("const i = document.getElementById('preview-image'); return i.complete && i.naturalWidth > 0"))
    screenshot(browser, "gateway-instance")
    browser.get(f"{public}/pacs-admin/studies/{study}")

    doomed = sorted(series)[0]
    browser.find_element(By.CSS_SELECTOR, f'.series-card[data-uid="{doomed}"] a').click()
    browser.find_element(By.ID, "delete-series").click()
    visible(browser, "confirm-dialog")
    browser.find_element(By.ID, "confirm-delete").click()
    wait_for(browser, lambda d: d.current_url == f"{public}/pacs-admin/studies/{study}")
    assert browser.find_element(By.ID, "study-counts").text == "1 series, 2 instances"
    assert fetch(browser, "GET", f"/pacs-admin/dicom-web/instances?SeriesInstanceUID={doomed}") == 204
    assert fetch(browser, "GET", f"/pacs-admin/dicom-web/instances?StudyInstanceUID={study}") == 200

    browser.find_element(By.ID, "sign-out").click()
    for _ in range(2):
        confirm = browser.find_elements(By.ID, "kc-logout")
        if confirm:
            confirm[0].click()
    wait_for(browser, lambda d: "/pacs-admin/" not in d.current_url)
    screenshot(browser, "gateway-signed-out")
    print("after sign-out:", browser.current_url)

    sign_in(browser, public, "bob")
    assert browser.find_element(By.ID, "user-name").text == "bob"
    browser.get(f"{public}/pacs-admin/studies/{study}")
    visible(browser, "study-title")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-delete]") == []
    screenshot(browser, "gateway-study-without-admin")
    assert fetch(browser, "DELETE", f"/pacs-admin/dicom-web/studies/{study}") == 403
    assert fetch(browser, "DELETE", f"/pacs-admin/dicom-web/studies/{study}", marker=False) == 403
    browser.get(f"{public}/pacs-admin/studies/{study}")
    assert browser.find_element(By.ID, "study-counts").text == "1 series, 2 instances"
    assert os.environ.get("TESSERA_BIN_DIR")
