"""Required actions beyond UPDATE_PASSWORD: the admin picks UPDATE_PROFILE and
TERMS_AND_CONDITIONS in the console, the user walks both in Chromium before reaching the
viewer; declining the terms ends the login with access_denied; actions Tessera can't carry
out (VERIFY_EMAIL, CONFIGURE_TOTP) are neither offered nor accepted by the admin API."""
import urllib.parse

import pytest
from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakPostError, KeycloakPutError
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from console_support import (ADMIN_PASSWORD, browser, console_sign_in, find, finish_viewer_login, fits_width, identity, phone_browser,  # noqa: F401
                             select_realm, set_password, set_switch, shot, start_viewer_login, token_claims, wait_for)


def create_user(identity, username, actions):
    user = {"username": username, "enabled": True, "requiredActions": actions,
            "credentials": [{"type": "password", "value": "Actions-Pass-123", "temporary": False}]}
    assert identity.admin_api("POST", "ohif/users", json=user).status_code == 201


def user_named(identity, username):
    return identity.admin_api("GET", "ohif/users", params={"username": username, "exact": "true"}).json()[0]


def fill(driver, css, value):
    field = find(driver, css)
    field.clear()
    field.send_keys(value)


def test_admin_sets_profile_and_terms_and_the_user_walks_both(identity, browser):
    console_sign_in(browser, identity)
    select_realm(browser, "ohif")
    find(browser, "nav.sidebar a[href$='/users']").click()
    find(browser, "#add-user").click()
    wait_for(browser, "input#username").send_keys("newcomer")
    offered = [box.get_attribute("name") for box in browser.find_elements(By.CSS_SELECTOR, "input[name^=action-]")]
    assert offered == ["action-TERMS_AND_CONDITIONS", "action-UPDATE_PASSWORD", "action-UPDATE_PROFILE"]
    set_switch(browser, "input[name=action-UPDATE_PROFILE]", True)
    set_switch(browser, "input[name=action-TERMS_AND_CONDITIONS]", True)
    find(browser, "#save").click()
    assert "Created." in wait_for(browser, ".notice").text
    assert find(browser, "input[name=action-UPDATE_PROFILE]").is_selected() and find(browser, "input[name=action-TERMS_AND_CONDITIONS]").is_selected()
    browser.execute_script("document.querySelector('input[name=action-UPDATE_PROFILE]').scrollIntoView({block: 'center'})")
    shot(browser, "80-user-required-actions")
    set_password(browser, "Newcomer-Pass-123")
    assert "The password has been set." in wait_for(browser, ".notice").text
    assert sorted(user_named(identity, "newcomer")["requiredActions"]) == ["TERMS_AND_CONDITIONS", "UPDATE_PROFILE"]
    find(browser, "#sign-out").click()
    wait_for(browser, "input[name=username]")

    verifier = start_viewer_login(browser, identity, "newcomer", "Newcomer-Pass-123")
    wait_for(browser, "#kc-terms-form")
    shot(browser, "81-login-terms-ohif")
    find(browser, "#kc-accept").click()
    wait_for(browser, "#kc-update-profile-form")
    fill(browser, "#email", "newcomer@example.org")
    fill(browser, "#lastName", "Comer")
    find(browser, "#kc-submit").click()  # first name missing: the browser's own check stops it
    assert "/login-actions/" in browser.current_url and find(browser, "#firstName").get_attribute("validationMessage")
    browser.execute_script("document.getElementById('firstName').removeAttribute('required')")
    find(browser, "#kc-submit").click()
    assert "Please specify first name." in wait_for(browser, "#input-error-firstName").text
    assert find(browser, "#email").get_attribute("value") == "newcomer@example.org"
    shot(browser, "82-login-update-profile-error-ohif")
    fill(browser, "#firstName", "New")
    find(browser, "#kc-submit").click()
    tokens = finish_viewer_login(browser, identity, verifier)

    claims = token_claims(tokens["access_token"])
    assert claims["given_name"] == "New" and claims["family_name"] == "Comer" and claims["email"] == "newcomer@example.org"
    user = user_named(identity, "newcomer")
    assert user["requiredActions"] == [] and "terms_and_conditions" in user["attributes"]
    events = identity.admin_api("GET", "ohif/events", params={"type": ["UPDATE_PROFILE", "CUSTOM_REQUIRED_ACTION"]}).json()
    assert {event["type"] for event in events} == {"UPDATE_PROFILE", "CUSTOM_REQUIRED_ACTION"}


def test_declining_the_terms_ends_the_login_with_access_denied_in_the_default_theme_on_a_phone(identity):
    assert identity.admin_api("PUT", "ohif", json={"loginTheme": "default"}).status_code == 204
    create_user(identity, "refuser", ["TERMS_AND_CONDITIONS"])
    create_user(identity, "profiled", ["UPDATE_PROFILE"])
    phone = phone_browser()
    try:
        start_viewer_login(phone, identity, "refuser", "Actions-Pass-123")
        wait_for(phone, "#kc-terms-form")
        assert fits_width(phone)
        shot(phone, "83-phone-login-terms-default")
        find(phone, "#kc-decline").click()
        WebDriverWait(phone, 15).until(lambda d: d.current_url.startswith(identity.url + "/callback"))
        answer = urllib.parse.parse_qs(urllib.parse.urlsplit(phone.current_url).query)
        assert answer["error"] == ["access_denied"] and answer["state"] == ["s1"] and "code" not in answer
        assert user_named(identity, "refuser")["requiredActions"] == ["TERMS_AND_CONDITIONS"]
        errors = identity.admin_api("GET", "ohif/events", params={"type": "CUSTOM_REQUIRED_ACTION_ERROR"}).json()
        assert errors and errors[0]["error"] == "rejected_by_user"

        phone.delete_all_cookies()
        verifier = start_viewer_login(phone, identity, "profiled", "Actions-Pass-123")
        wait_for(phone, "#kc-update-profile-form")
        assert find(phone, "#firstName").get_attribute("value") == ""
        assert fits_width(phone)
        shot(phone, "84-phone-login-update-profile-default")
        fill(phone, "#email", "profiled@example.org")
        fill(phone, "#firstName", "Pro")
        fill(phone, "#lastName", "Filed")
        find(phone, "#kc-submit").click()
        assert finish_viewer_login(phone, identity, verifier)["access_token"]
    finally:
        phone.quit()
    assert user_named(identity, "profiled")["requiredActions"] == []


def test_admin_api_refuses_actions_tessera_cannot_carry_out(identity):
    admin = KeycloakAdmin(server_url=identity.url + "/auth/", username="admin", password=ADMIN_PASSWORD, realm_name="ohif",
                          user_realm_name="master", client_id="admin-cli")
    user_id = admin.create_user({"username": "plain", "enabled": True})
    with pytest.raises(KeycloakPutError) as refused:
        admin.update_user(user_id, {"requiredActions": ["VERIFY_EMAIL"]})
    assert refused.value.response_code == 400 and b"SMTP" in refused.value.response_body
    with pytest.raises(KeycloakPostError) as totp:
        admin.create_user({"username": "otp", "enabled": True, "requiredActions": ["CONFIGURE_TOTP"]})
    assert totp.value.response_code == 400 and b"OTP" in totp.value.response_body
    admin.update_user(user_id, {"requiredActions": ["UPDATE_PROFILE", "TERMS_AND_CONDITIONS"]})
    assert sorted(admin.get_user(user_id)["requiredActions"]) == ["TERMS_AND_CONDITIONS", "UPDATE_PROFILE"]
