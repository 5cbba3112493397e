"""The account page at /realms/{realm}/account: profile, password change with the current
password (signing out the other sessions) and "sign out everywhere"."""
import requests

from console_support import browser, find, identity, new_browser, shot, text, viewer_login, wait_for  # noqa: F401


def test_account_page_changes_password_and_signs_out_other_sessions(identity, browser):
    user = {"username": "patient", "email": "patient@example.org", "enabled": True,
            "credentials": [{"type": "password", "value": "Original-Pass-123", "temporary": False}]}
    assert identity.admin_api("POST", "ohif/users", json=user).status_code == 201

    other_device = new_browser()
    try:
        tokens = viewer_login(other_device, identity, "patient", "Original-Pass-123")
    finally:
        other_device.quit()

    browser.get(identity.url + "/auth/realms/ohif/account")
    wait_for(browser, "input[name=username]").send_keys("patient")
    find(browser, "input[name=password]").send_keys("Original-Pass-123")
    find(browser, "form [type=submit]").click()
    wait_for(browser, "#firstName").send_keys("Pat")
    shot(browser, "60-account-profile")
    find(browser, "#save").click()
    assert "updated" in wait_for(browser, ".notice").text
    assert find(browser, "#firstName").get_attribute("value") == "Pat"

    find(browser, "nav.sidebar a[href$='/account/sessions']").click()
    assert len(browser.find_elements("css selector", "table.list tbody tr")) == 2
    shot(browser, "61-account-sessions")

    find(browser, "nav.sidebar a[href$='/account/password']").click()
    wait_for(browser, "#password").send_keys("wrong-password")
    find(browser, "#password-new").send_keys("Changed-Pass-456")
    find(browser, "#password-confirm").send_keys("Changed-Pass-456")
    find(browser, "#save-password").click()
    assert "Invalid existing password" in wait_for(browser, "#password-error").text
    find(browser, "#password").send_keys("Original-Pass-123")
    find(browser, "#password-new").send_keys("Changed-Pass-456")
    find(browser, "#password-confirm").send_keys("Changed-Pass-456")
    assert find(browser, "#signOutOthers").is_selected()
    shot(browser, "62-account-password")
    find(browser, "#save-password").click()
    assert "password has been updated" in wait_for(browser, ".notice").text

    refresh = requests.post(identity.endpoint("token"), timeout=30, data={
        "grant_type": "refresh_token", "client_id": "ohif-viewer", "refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 400 and refresh.json()["error"] == "invalid_grant"

    find(browser, "nav.sidebar a[href$='/account/sessions']").click()
    assert len(browser.find_elements("css selector", "table.list tbody tr")) == 1
    find(browser, "#sign-out-everywhere").click()
    wait_for(browser, "input[name=username]")
    assert "/protocol/openid-connect/auth" in browser.current_url

    again = new_browser()
    try:
        assert viewer_login(again, identity, "patient", "Changed-Pass-456")["access_token"]
    finally:
        again.quit()
    assert "Pat" == identity.admin_api("GET", "ohif/users", params={"username": "patient", "exact": "true"}).json()[0]["firstName"]
