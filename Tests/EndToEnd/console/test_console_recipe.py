"""The classic recipe's first step, through the admin console in headless Chromium: the admin
signs in, picks realm `ohif`, adds user `test` (Email Verified on), sets password `test`
(Temporary off), signs out; then `test` signs in through the ohif-viewer code flow."""
from console_support import (browser, console_sign_in, find, identity, select_realm, set_password, set_switch, shot, text,  # noqa: F401
                             token_claims, viewer_login, wait_for)


def test_admin_adds_user_and_user_signs_in_to_the_viewer(identity, browser):
    console_sign_in(browser, identity)
    shot(browser, "01-users-master")
    select_realm(browser, "ohif")
    assert find(browser, "#realm-picker").get_attribute("value") == "ohif"
    shot(browser, "02-users-ohif-dark")

    find(browser, "#add-user").click()
    wait_for(browser, "input#username").send_keys("test")
    set_switch(browser, "#emailVerified", True)
    shot(browser, "03-add-user")
    find(browser, "#save").click()
    wait_for(browser, ".notice")
    assert "Created." in text(browser)
    assert find(browser, "#emailVerified").is_selected()
    shot(browser, "04-user-details")

    set_password(browser, "test", temporary=False)
    # The seed realm's policy wants 12 characters: the refusal is shown next to the form.
    assert "minimum length 12" in wait_for(browser, "#password-error").text
    shot(browser, "05-credentials-policy-error")

    # Tune the realm like the recipe's operators: no password policy.
    browser.get(browser.current_url.split("/users/")[0] + "/settings")
    wait_for(browser, "#passwordPolicy").clear()
    shot(browser, "06-realm-settings")
    find(browser, "#save").click()
    assert "saved" in wait_for(browser, ".notice").text

    browser.get(browser.current_url.split("/settings")[0] + "/users?search=test")
    shot(browser, "06b-search")
    browser.find_element("link text", "test").click()
    set_password(browser, "test", temporary=False)
    assert "The password has been set." in wait_for(browser, ".notice").text
    shot(browser, "07-credentials-done")

    find(browser, "#sign-out").click()
    wait_for(browser, "input[name=username]")
    assert "/protocol/openid-connect/auth" in browser.current_url

    tokens = viewer_login(browser, identity, "test", "test")
    claims = token_claims(tokens["access_token"])
    assert claims["preferred_username"] == "test"
    assert "pacs-read" in claims["realm_access"]["roles"]
    user = identity.admin_api("GET", "ohif/users", params={"username": "test", "exact": "true"}).json()[0]
    assert user["emailVerified"] is True and user["requiredActions"] == []
