"""The /pacs-admin login session in headless Chromium against the real identity-service and
pacs-service: code flow through the gateway, the original URL restored, the sealed cookie,
a refresh of the access token, and logout (RP-initiated) that ends both sessions."""
import time

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from stack_support import PASSWORD, Stack

SESSION_COOKIE = "tessera_admin_session"


@pytest.fixture
def stack(services, database_url, tmp_path):
    return Stack(services, database_url, tmp_path)


@pytest.fixture
def driver():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield browser
    browser.quit()


def wait_for(driver, condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception:  # the page is changing under us
            pass
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; at {driver.current_url}:\n{driver.page_source[:2000]}")


def session_cookie(driver):
    return next((c for c in driver.get_cookies() if c["name"] == SESSION_COOKIE), None)


def on_login_page(driver):
    return driver.find_elements(By.ID, "kc-login") and driver.find_elements(By.ID, "username")


def test_browser_login_refresh_and_logout(stack, driver):
    stack.add_pacs()
    stack.start_gateway()
    stack.create_user("curator", roles=["pacs-admin"])
    # Access tokens live 33 s: 3 s after login they are inside the gateway's 30 s refresh margin.
    stack.admin("PUT", "", json={"accessTokenLifespan": 33})

    api = requests.get(stack.url + "/pacs-admin/", headers={"Accept": "application/json"}, timeout=30, allow_redirects=False)
    assert api.status_code == 401

    driver.get(stack.url + "/pacs-admin/?from=bookmark")
    wait_for(driver, lambda: on_login_page(driver), "the identity-service login page")
    assert driver.current_url.startswith(stack.url + "/auth/realms/ohif/")
    driver.find_element(By.ID, "username").send_keys("curator")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "kc-login").click()
    wait_for(driver, lambda: driver.current_url == stack.url + "/pacs-admin/?from=bookmark", "the original URL after login")
    assert not on_login_page(driver)
    first = session_cookie(driver)
    assert first and first["httpOnly"] and first["sameSite"] == "Lax" and first["path"] == "/pacs-admin"
    assert "curator" not in first["value"]  # sealed, not readable

    time.sleep(3.5)
    driver.get(stack.url + "/pacs-admin/")
    wait_for(driver, lambda: driver.current_url == stack.url + "/pacs-admin/" and driver.execute_script("return document.readyState") == "complete",
             "the admin page again")
    assert not on_login_page(driver)
    refreshed = session_cookie(driver)
    assert refreshed and refreshed["value"] != first["value"], "the access token was not refreshed"

    driver.get(stack.url + "/pacs-admin/logout")
    wait_for(driver, lambda: session_cookie(driver) is None and "/pacs-admin/logout" not in driver.current_url, "logout")
    driver.get(stack.url + "/pacs-admin/")
    wait_for(driver, lambda: on_login_page(driver), "a new login after logout (the identity session ended too)")
