"""Realm security headers (Keycloak's browserSecurityHeaders): set in the console's realm
settings, refused when a value could break a header, answered by the realm's login page (on
this replica and on another one sharing the database), and the page still works in Chromium."""
import time

import requests
from selenium.webdriver.common.by import By

from console_support import (browser, console_sign_in, find, fits_width, identity, new_browser, phone_signed_in_as, pkce_pair, select_realm,  # noqa: F401
                             shot, start_identity, text, viewer_authorize_url, viewer_login, wait_for)

POLICY = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; form-action 'self' http://127.0.0.1:*"


def login_headers(identity):
    """Headers of the ohif realm's login page, as any browser gets them."""
    response = requests.get(viewer_authorize_url(identity, pkce_pair()[1]), timeout=30)
    assert response.status_code == 200 and 'id="kc-form-login"' in response.text
    return response.headers


def set_header(browser, key, value):
    field = find(browser, f"#header-{key}")
    browser.execute_script("arguments[0].value = arguments[1]", field, value)


def test_console_sets_realm_headers_that_its_login_page_answers_with(identity, browser, services, database_url):
    replica = start_identity(services, database_url, public_url=identity.url)
    before = login_headers(replica)
    assert before["X-Frame-Options"] == "SAMEORIGIN"
    assert before["Content-Security-Policy"] == "frame-src 'self'; frame-ancestors 'self'; object-src 'none';"
    assert before["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains" and before["X-Robots-Tag"] == "none"
    assert before["Referrer-Policy"] == "no-referrer" and before["X-Content-Type-Options"] == "nosniff"

    console_sign_in(browser, identity)
    select_realm(browser, "ohif")
    find(browser, "nav.sidebar a[href$='/settings']").click()
    wait_for(browser, "#header-contentSecurityPolicy")
    # A value with a character that can't go in a header is refused next to its field.
    set_header(browser, "xFrameOptions", "SAME\u200bORIGIN")
    find(browser, "#save").click()
    error = wait_for(browser, "#header-xFrameOptions-error")
    assert "only visible ASCII" in error.text and "Check the X-Frame-Options header." in text(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".field-error")) == 1
    browser.execute_script("document.getElementById('security-headers').scrollIntoView()")
    shot(browser, "70-realm-security-headers-error")

    set_header(browser, "contentSecurityPolicy", POLICY)
    set_header(browser, "xFrameOptions", "DENY")
    set_header(browser, "referrerPolicy", "same-origin")
    find(browser, "#save").click()
    assert "saved" in wait_for(browser, ".notice").text
    assert not browser.find_elements(By.CSS_SELECTOR, ".field-error, [aria-invalid=true]")
    browser.execute_script("document.getElementById('security-headers').scrollIntoView()")
    shot(browser, "71-realm-security-headers")
    phone = phone_signed_in_as(browser, identity)
    try:
        phone.get(browser.current_url.split("?")[0])
        wait_for(phone, "#security-headers")
        phone.execute_script("document.getElementById('security-headers').scrollIntoView()")
        assert fits_width(phone)
        shot(phone, "73-phone-realm-security-headers")
    finally:
        phone.quit()
    assert find(browser, "#header-xFrameOptions").get_attribute("value") == "DENY"

    for instance in (identity, replica):
        deadline = time.time() + 10
        while login_headers(instance)["X-Frame-Options"] != "DENY" and time.time() < deadline:
            time.sleep(0.2)
        headers = login_headers(instance)
        assert headers["X-Frame-Options"] == "DENY", instance.url
        assert headers["Content-Security-Policy"] == POLICY
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
    # Pages outside the realm keep the service's defaults.
    assert requests.get(identity.url + "/realms/master/.well-known/openid-configuration", timeout=30).headers["X-Frame-Options"] == "SAMEORIGIN"

    # The admin REST representation carries them; a PUT changes only the keys it names.
    realm = identity.admin_api("GET", "ohif").json()
    assert realm["browserSecurityHeaders"]["xFrameOptions"] == "DENY"
    assert identity.admin_api("PUT", "ohif", json={"browserSecurityHeaders": {"xRobotsTag": "noindex"}}).status_code == 204
    assert identity.admin_api("GET", "ohif").json()["browserSecurityHeaders"] == dict(realm["browserSecurityHeaders"], xRobotsTag="noindex")
    refused = identity.admin_api("PUT", "ohif", json={"browserSecurityHeaders": {"xFrameOptions": "DENY\r\nSet-Cookie: a=b"}})
    assert refused.status_code == 400 and "line breaks" in refused.json()["error_description"]
    events = identity.admin_api("GET", "ohif/events", params={"type": "ADMIN_UPDATE"}).json()
    assert len(events) >= 2

    # The login page still works in Chromium under the stricter policy: styled, and signing in completes.
    login = new_browser()
    try:
        user = {"username": "headers", "enabled": True, "credentials": [{"type": "password", "value": "Headers-Pass-123", "temporary": False}]}
        assert identity.admin_api("POST", "ohif/users", json=user).status_code == 201
        login.get(viewer_authorize_url(identity, pkce_pair()[1]))
        wait_for(login, "#kc-form-login")
        assert login.execute_script("return getComputedStyle(document.querySelector('main.card')).borderRadius") == "8px"
        shot(login, "72-login-with-realm-headers")
        assert viewer_login(login, identity, "headers", "Headers-Pass-123")["access_token"]
        assert not [entry for entry in login.get_log("browser") if "Content Security Policy" in entry.get("message", "")]
    finally:
        login.quit()
