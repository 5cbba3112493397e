"""Fixtures and helpers for the console end-to-end tests: a running identity-service with the
seed realm (deploy/realms/ohif-realm.json) and a bootstrap admin, and headless Chromium
driven by selenium at 1280×800. PUBLIC_URL is the service's own address, so the console is
reached at /admin/ and the issuer is http://127.0.0.1:PORT/auth/realms/R.

Screenshots go to $TESSERA_ARTIFACT_DIR/console (default .build/artifacts/console); they are
build artifacts, never committed."""
import base64
import hashlib
import os
import secrets
import shutil
import urllib.parse
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from e2e_support import free_port

ROOT = Path(__file__).resolve().parents[3]
ADMIN_PASSWORD = "admin-password-for-tests"
PACS_SECRET = "pacs-secret-for-tests"
ARTIFACTS = Path(os.environ.get("TESSERA_ARTIFACT_DIR", ROOT / ".build" / "artifacts")) / "console"


class Identity:
    """A running identity-service and the URLs clients use."""

    def __init__(self, process, url, public_url=None):
        self.process = process
        self.url = url
        self.public_url = public_url or url

    def endpoint(self, name, realm="ohif"):
        return f"{self.url}/auth/realms/{realm}/protocol/openid-connect/{name}"

    def admin_token(self):
        response = requests.post(self.endpoint("token", "master"), timeout=30, data={
            "grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": ADMIN_PASSWORD})
        response.raise_for_status()
        return response.json()["access_token"]

    def admin_api(self, method, path, **kwargs):
        headers = {"Authorization": "Bearer " + self.admin_token()}
        return requests.request(method, f"{self.url}/admin/realms/{path}", headers=headers, timeout=30, **kwargs)


def start_identity(services, database_url, public_url=None):
    """Starts an identity-service on the database; another replica when one already runs there
    (then pass its public_url: replicas serve one public address)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = services(
        "identity-service", HTTP_PORT=port, PUBLIC_URL=public_url or url, DATABASE_URL=database_url,
        IDENTITY_ADMIN_USER="admin", IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD,
        IDENTITY_IMPORT_REALMS=str(ROOT / "deploy" / "realms" / "ohif-realm.json"), PACS_CLIENT_SECRET=PACS_SECRET,
    )
    process.wait_ready(timeout=120)
    return Identity(process, url, public_url)


@pytest.fixture
def identity(services, database_url):
    return start_identity(services, database_url)


def new_browser(width=1280, height=800):
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser():
    driver = new_browser()
    yield driver
    driver.quit()


def shot(driver, name):
    """Saves a screenshot artifact (and returns its path)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def find(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css)


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def wait_for(driver, css, timeout=15):
    return WebDriverWait(driver, timeout).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def login_page(driver, username, password):
    """Fills the themed login page (whatever realm) and submits it."""
    wait_for(driver, "input[name=username]")
    find(driver, "input[name=username]").clear()
    find(driver, "input[name=username]").send_keys(username)
    find(driver, "input[name=password]").send_keys(password)
    find(driver, "form [type=submit]").click()


def console_sign_in(driver, identity, username="admin", password=ADMIN_PASSWORD, realm=None):
    """Opens the admin console (master realm, or a realm admin's own realm) and signs in."""
    driver.get(identity.url + ("/admin/" if realm is None else f"/admin/console/signin/{realm}"))
    login_page(driver, username, password)
    wait_for(driver, "#main h1")


def select_realm(driver, name):
    Select(find(driver, "#realm-picker")).select_by_value(name)
    WebDriverWait(driver, 15).until(lambda d: f"/realms/{name}/" in d.current_url)


def set_switch(driver, css, on):
    box = find(driver, css)
    if box.is_selected() != on:
        box.click()


def set_password(driver, password, temporary=False):
    """On a user's page: opens the Credentials tab and submits a new password."""
    find(driver, "#tab-credentials").click()
    wait_for(driver, "#password").send_keys(password)
    find(driver, "#password-confirm").send_keys(password)
    set_switch(driver, "#temporary", temporary)
    find(driver, "#reset-password").click()


def pkce_pair():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


VIEWER_REDIRECT = "/callback"


def viewer_authorize_url(identity, challenge, realm="ohif"):
    """The ohif-viewer client's authorization request (code flow, PKCE S256, state s1), as OHIF sends it."""
    query = urllib.parse.urlencode({"client_id": "ohif-viewer", "redirect_uri": identity.public_url + VIEWER_REDIRECT, "response_type": "code",
                                    "scope": "openid", "state": "s1", "code_challenge": challenge, "code_challenge_method": "S256"})
    return identity.endpoint("auth", realm) + "?" + query


def start_viewer_login(driver, identity, username, password):
    """Opens the ohif-viewer login in the browser and submits the password; returns the PKCE verifier."""
    verifier, challenge = pkce_pair()
    driver.get(viewer_authorize_url(identity, challenge))
    login_page(driver, username, password)
    return verifier


def finish_viewer_login(driver, identity, verifier):
    """Waits for the redirect back to the viewer and exchanges the code; returns the token response."""
    redirect = identity.url + VIEWER_REDIRECT
    WebDriverWait(driver, 15).until(lambda d: d.current_url.startswith(redirect))
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)["code"][0]
    response = requests.post(identity.endpoint("token"), timeout=30, data={
        "grant_type": "authorization_code", "client_id": "ohif-viewer", "code": code, "redirect_uri": redirect, "code_verifier": verifier})
    assert response.status_code == 200, response.text
    return response.json()


def viewer_login(driver, identity, username, password, new_password=None):
    """Signs in through the ohif-viewer client's code flow (PKCE) in the browser, as OHIF does,
    and exchanges the code at the token endpoint. Returns the token response."""
    verifier = start_viewer_login(driver, identity, username, password)
    if new_password is not None:
        wait_for(driver, "input[name=password-new]")
        shot(driver, "login-update-password")
        find(driver, "input[name=password-new]").send_keys(new_password)
        find(driver, "input[name=password-confirm]").send_keys(new_password)
        find(driver, "form [type=submit]").click()
    return finish_viewer_login(driver, identity, verifier)


def phone_browser():
    """Headless Chromium emulating a 390×844 phone."""
    driver = new_browser()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    return driver


def phone_signed_in_as(driver, identity):
    """A phone-sized browser holding the cookies of `driver` (the same console sign-in)."""
    phone = phone_browser()
    phone.get(identity.url + "/healthz")
    for cookie in driver.get_cookies():
        phone.add_cookie({k: cookie[k] for k in ("name", "value", "path") if k in cookie})
    return phone


def fits_width(driver, width=390):
    """Whether the page needs no horizontal scrolling at this width."""
    return driver.execute_script("return document.documentElement.scrollWidth") <= width


def token_claims(token):
    """The (unverified) payload of a JWT."""
    payload = token.split(".")[1]
    return __import__("json").loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
