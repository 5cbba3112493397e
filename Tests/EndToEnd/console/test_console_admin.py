"""Admin console beyond the recipe: temporary passwords, regenerating a client secret, a
view-only realm admin, and screenshots of the main pages (light, dark and phone-sized)."""
import requests
from selenium.webdriver.common.by import By

from console_support import (ADMIN_PASSWORD, PACS_SECRET, browser, login_page, console_sign_in, find, fits_width, identity, new_browser,  # noqa: F401
                             phone_signed_in_as, select_realm, set_password, set_switch, shot, text, viewer_login, wait_for)


def add_user(browser, username, password, temporary):
    find(browser, "nav.sidebar a[href$='/users']").click()
    find(browser, "#add-user").click()
    wait_for(browser, "input#username").send_keys(username)
    find(browser, "#save").click()
    wait_for(browser, ".notice")
    set_password(browser, password, temporary)
    assert "The password has been set." in wait_for(browser, ".notice").text


def test_temporary_password_forces_update_password(identity, browser):
    console_sign_in(browser, identity)
    select_realm(browser, "ohif")
    add_user(browser, "radiologist", "Temporary-Pass-1", temporary=True)
    find(browser, "nav.tabs a[href$='/users/" + browser.current_url.split("/users/")[1].split("/")[0] + "']").click()
    assert find(browser, "input[name='action-UPDATE_PASSWORD']").is_selected()
    find(browser, "#sign-out").click()
    wait_for(browser, "input[name=username]")

    tokens = viewer_login(browser, identity, "radiologist", "Temporary-Pass-1", new_password="Chosen-Password-22")
    assert tokens["access_token"]
    again = new_browser()
    try:
        assert viewer_login(again, identity, "radiologist", "Chosen-Password-22")["access_token"]
    finally:
        again.quit()


def client_credentials(identity, secret):
    return requests.post(identity.endpoint("token"), timeout=30, auth=("pacs", secret), data={"grant_type": "client_credentials"})


def test_regenerated_pacs_secret_replaces_the_old_one(identity, browser):
    assert client_credentials(identity, PACS_SECRET).status_code == 200
    console_sign_in(browser, identity)
    select_realm(browser, "ohif")
    find(browser, "nav.sidebar a[href$='/clients']").click()
    shot(browser, "10-clients")
    browser.find_element(By.LINK_TEXT, "pacs").click()
    wait_for(browser, "#clientId")
    shot(browser, "11-client-settings")
    find(browser, "#tab-credentials").click()
    assert wait_for(browser, "#client-secret").get_attribute("value") == PACS_SECRET
    find(browser, "#regenerate-secret").click()
    browser.switch_to.alert.accept()
    assert "new client secret" in wait_for(browser, ".notice").text
    shot(browser, "12-client-credentials")
    new_secret = find(browser, "#client-secret").get_attribute("value")
    assert new_secret and new_secret != PACS_SECRET

    old = client_credentials(identity, PACS_SECRET)
    assert old.status_code == 401 and old.json()["error"] == "invalid_client"
    assert client_credentials(identity, new_secret).status_code == 200
    events = identity.admin_api("GET", "ohif/events", params={"type": "ADMIN_ACTION"}).json()
    assert any(e.get("details", {}).get("resourcePath", "").endswith("/client-secret") for e in events)


def make_view_only_admin(identity):
    user = {"username": "auditor", "enabled": True, "credentials": [{"type": "password", "value": "Auditor-Pass-123", "temporary": False}]}
    assert identity.admin_api("POST", "ohif/users", json=user).status_code == 201
    user_id = identity.admin_api("GET", "ohif/users", params={"username": "auditor", "exact": "true"}).json()[0]["id"]
    management = identity.admin_api("GET", "ohif/clients", params={"clientId": "realm-management"}).json()[0]["id"]
    role = identity.admin_api("GET", f"ohif/clients/{management}/roles/view-users").json()
    assert identity.admin_api("POST", f"ohif/users/{user_id}/role-mappings/clients/{management}", json=[role]).status_code == 204
    return user_id


def test_view_only_realm_admin_sees_but_cannot_change(identity, browser):
    user_id = make_view_only_admin(identity)
    console_sign_in(browser, identity, "auditor", "Auditor-Pass-123", realm="ohif")
    assert "/admin/console/realms/ohif/users" in browser.current_url
    assert [o.text for o in browser.find_elements(By.CSS_SELECTOR, "#realm-picker option")] == ["ohif"]
    assert not browser.find_elements(By.CSS_SELECTOR, "#add-user")
    browser.find_element(By.LINK_TEXT, "auditor").click()
    wait_for(browser, "#email")
    shot(browser, "13-view-only-user")
    assert not browser.find_elements(By.CSS_SELECTOR, "#save")
    assert find(browser, "#email").get_attribute("disabled") is not None or not find(browser, "#email").is_enabled()

    # A hand-made POST with a valid CSRF token is refused by the server too.
    browser.execute_script("""
        const form = document.createElement('form'); form.method = 'post'; form.action = location.pathname;
        for (const [k, v] of [['csrf_token', document.querySelector('input[name=csrf_token]').value], ['email', 'x@example.org'], ['enabled', 'on']]) {
            const input = document.createElement('input'); input.name = k; input.value = v; form.appendChild(input); }
        document.body.appendChild(form); form.submit();""")
    wait_for(browser, ".error")
    assert "not to change" in text(browser)
    assert find(browser, "#read-only").is_displayed()
    # Clients need view-clients: not in the menu, and refused when asked for.
    assert not browser.find_elements(By.CSS_SELECTOR, "nav.sidebar a[href$='/clients']")
    browser.get(browser.current_url.split("/users")[0] + "/clients")
    assert "don't have access" in wait_for(browser, ".error").text

    token = next(c["value"] for c in browser.get_cookies() if c["name"] == "TESSERA_CONSOLE")
    headers = {"Authorization": "Bearer " + token}
    base = f"{identity.url}/admin/realms/ohif/users/{user_id}"
    assert requests.get(base, headers=headers, timeout=30).status_code == 200
    assert requests.put(base, headers=headers, json={"email": "x@example.org"}, timeout=30).status_code == 403
    assert identity.admin_api("GET", f"ohif/users/{user_id}").json().get("email") is None


def test_main_pages_render_cleanly(identity, browser):
    # Through the gateway's /auth prefix, as ${PUBLIC_URL}/auth/admin/ is reached.
    browser.get(identity.url + "/auth/admin/")
    login_page(browser, "admin", ADMIN_PASSWORD)
    wait_for(browser, "#main h1")
    assert "/auth/admin/console/realms/master/users" in browser.current_url
    for section, name in [("clients", "20-master-clients-light"), ("roles", "21-master-roles-light"), ("settings", "22-master-settings-light")]:
        find(browser, f"nav.sidebar a[href$='/{section}']").click()
        wait_for(browser, "#main h1")
        shot(browser, name)
    select_realm(browser, "ohif")
    pages = ["users", "clients", "roles", "groups", "sessions", "events", "settings", "keys", "realms"]
    for number, section in enumerate(pages):
        find(browser, f"nav.sidebar a[href$='/{section}']").click()
        wait_for(browser, "#main h1")
        assert browser.find_elements(By.CSS_SELECTOR, "#realm-picker"), section
        assert "Something went wrong" not in text(browser), section
        shot(browser, f"3{number}-ohif-{section}")
    find(browser, "nav.sidebar a[href$='/roles']").click()
    browser.find_element(By.LINK_TEXT, "pacs-read").click()
    wait_for(browser, "#description")
    shot(browser, "40-role")
    find(browser, "nav.sidebar a[href$='/groups']").click()
    find(browser, "input[name=name]").send_keys("radiology")
    find(browser, "#create-group").click()
    assert "Created." in wait_for(browser, ".notice").text
    shot(browser, "41-group")
    find(browser, "nav.sidebar a[href$='/keys']").click()
    find(browser, "#rotate-keys").click()
    browser.switch_to.alert.accept()
    assert "signing key" in wait_for(browser, ".notice").text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert sum("Retired" in row.text for row in rows) == 1 and any("Active" in row.text for row in rows)
    shot(browser, "42-keys-rotated")
    find(browser, "nav.sidebar a[href$='/events']").click()
    wait_for(browser, "select[name=type]")
    shot(browser, "43-events")

    phone = phone_signed_in_as(browser, identity)
    try:
        for section in ["users", "settings"]:
            phone.get(browser.current_url.split("/events")[0] + "/" + section)
            wait_for(phone, "#main h1")
            shot(phone, f"5{section == 'settings':d}-phone-{section}")
            assert fits_width(phone), section
    finally:
        phone.quit()
