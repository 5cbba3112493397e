"""The classic recipe's journey on `make run`'s stack, in headless Chromium, with the real OHIF
Viewer: the admin creates user test/test in the admin console; `test` opens the viewer, signs
in on the ohif-themed page, sees an empty study list, uploads a CT series and an MR study in
/pacs-admin/ (signed in already through SSO), sees both studies in the viewer, opens one, the
image renders and scrolls; signing out ends the viewer and /pacs-admin/ alike. And the negative
journey: a fresh browser reads nothing from /pacs and is sent to login on /pacs-admin/.
Screenshots of every step are kept under .build/artifacts/ (TESSERA_ARTIFACTS_DIR)."""
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_support import http_get
from journey_support import browser, canvas_is_drawn, screenshot, wait_for, write_ct_and_mr
from keycloak import KeycloakAdmin


def body_text(driver):
    """The page's visible text, read in one script call (no element reference to go stale)."""
    return driver.execute_script("return document.body ? document.body.innerText : ''")


def fill(driver, field_id, text):
    """Types into a field after clearing it (Chromium may autofill a name it saw at login)."""
    field = driver.find_element(By.ID, field_id)
    field.clear()
    field.send_keys(text)


def sign_in(driver, username, password):
    wait_for(driver, lambda d: d.find_elements(By.ID, "kc-form-login"), message="login form")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "kc-login").click()


def relax_password_policy(stack):
    """The recipe's user is test/test; the seed realm's policy (length 12) would refuse it.
    An operator relaxes it the same way, through the admin REST API."""
    admin = KeycloakAdmin(server_url=stack.url + "/auth/", username="admin", password=stack.admin_password,
                          realm_name="ohif", user_realm_name="master")
    admin.update_realm("ohif", {"passwordPolicy": ""})


def create_user_in_console(driver, stack):
    """Admin console: sign in, pick realm ohif, Users → Add user (email verified) → Save →
    Credentials → password test, Temporary off → Reset password → sign out."""
    driver.get(stack.url + "/auth/admin/")
    sign_in(driver, "admin", stack.admin_password)
    wait_for(driver, lambda d: d.find_elements(By.ID, "realm-picker"), message="console home")
    screenshot(driver, "journey-01-console")
    Select(driver.find_element(By.ID, "realm-picker")).select_by_value("ohif")
    wait_for(driver, lambda d: "/ohif" in d.current_url, message="realm ohif selected")
    driver.find_element(By.LINK_TEXT, "Users").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "add-user"))[0].click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "username"), message="add user form")
    fill(driver, "username", "test")
    fill(driver, "email", "test@example.org")
    verified = driver.find_element(By.ID, "emailVerified")
    if not verified.is_selected():
        verified.click()
    screenshot(driver, "journey-02-add-user")
    driver.find_element(By.ID, "save").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "tab-credentials"), message="user created")[0].click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "reset-password"), message="credentials tab")
    fill(driver, "password", "test")
    fill(driver, "password-confirm", "test")
    temporary = driver.find_element(By.ID, "temporary")
    if temporary.is_selected():
        temporary.click()
    driver.find_element(By.ID, "reset-password").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".notice"), message="password set")
    assert not driver.find_elements(By.ID, "password-error"), body_text(driver)
    screenshot(driver, "journey-03-password-set")
    driver.find_element(By.ID, "sign-out").click()
    wait_for(driver, lambda d: "/admin" not in d.current_url or d.find_elements(By.ID, "kc-form-login"), message="signed out")


def upload_in_pacs_admin(driver, stack, paths):
    """/pacs-admin/ upload page: choose the files, start, wait until every file has its result."""
    driver.get(stack.url + "/pacs-admin/")
    wait_for(driver, lambda d: d.find_elements(By.ID, "nav-upload"), message="pacs-admin without a new login")[0].click()
    picker = wait_for(driver, lambda d: d.find_elements(By.ID, "file-input"), message="upload page")[0]
    driver.execute_script("arguments[0].hidden = false", picker)
    picker.send_keys("\n".join(str(path) for path in paths))
    wait_for(driver, lambda d: d.find_element(By.ID, "start-upload").is_enabled(), message="files queued")
    driver.find_element(By.ID, "start-upload").click()
    wait_for(driver, lambda d: d.find_element(By.ID, "upload-done").is_displayed(), timeout=120, message="upload finished")
    screenshot(driver, "journey-06-uploaded")
    assert driver.find_element(By.ID, "count-failed").text == "0", body_text(driver)
    assert driver.find_element(By.ID, "count-stored").text == str(len(paths)), body_text(driver)


def open_study_and_scroll(driver, stack, patient):
    driver.get(stack.url + "/")
    wait_for(driver, lambda d: "Journey, CT" in body_text(d) and "Journey, MR" in body_text(d), timeout=60,
             message="both studies listed")
    screenshot(driver, "journey-07-study-list")
    driver.find_element(By.XPATH, f"//td[contains(., '{patient}')]").click()
    wait_for(driver, lambda d: [b for b in d.find_elements(By.TAG_NAME, "button") if b.text == "Basic Viewer"],
             message="mode buttons")[0].click()
    wait_for(driver, canvas_is_drawn, timeout=90, message="image rendered")
    wait_for(driver, lambda d: "(1/12)" in body_text(d), message="first slice shown")
    screenshot(driver, "journey-08-image")
    viewport = max(driver.find_elements(By.TAG_NAME, "canvas"), key=lambda c: c.size["width"] * c.size["height"])
    ActionChains(driver).scroll_from_origin(ScrollOrigin.from_element(viewport), 0, 400).perform()
    wait_for(driver, lambda d: "(1/12)" not in body_text(d) and "/12)" in body_text(d), message="scrolled to another slice")
    assert canvas_is_drawn(driver)
    screenshot(driver, "journey-09-scrolled")


def sign_out_of_viewer(driver):
    driver.find_element(By.CSS_SELECTOR, 'button[aria-haspopup="menu"]').click()
    wait_for(driver, lambda d: [i for i in d.find_elements(By.CSS_SELECTOR, "[role=menuitem]") if i.text == "Logout"],
             message="logout item")[0].click()
    wait_for(driver, lambda d: "/openid-connect/auth" in d.current_url or "signed out" in body_text(d).lower(),
             message="signed out of the viewer")


def test_recipe_journey(stack, tmp_path):
    relax_password_policy(stack)
    studies = write_ct_and_mr(tmp_path / "dicom")

    console = browser()
    try:
        create_user_in_console(console, stack)
    except Exception:
        screenshot(console, "journey-failure-console")
        raise
    finally:
        console.quit()

    driver = browser()
    try:
        driver.get(stack.url + "/")
        wait_for(driver, lambda d: d.find_elements(By.ID, "kc-form-login"), timeout=60, message="viewer sends to login")
        assert "/realms/ohif/" in driver.current_url
        assert driver.find_elements(By.CSS_SELECTOR, "link[href*='/login/ohif/']"), "the ohif login theme"
        screenshot(driver, "journey-04-login")
        sign_in(driver, "test", "test")
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-cy=num-studies]"), timeout=60, message="study list")
        wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-cy=num-studies]").text.strip() == "0",
                 message="empty study list")
        screenshot(driver, "journey-05-empty-list")

        upload_in_pacs_admin(driver, stack, studies["ct"][1] + studies["mr"][1])
        token = stack.token("test", "test")
        assert {s["0020000D"]["Value"][0] for s in stack.studies(token)} == {studies["ct"][0], studies["mr"][0]}

        open_study_and_scroll(driver, stack, "Journey, CT")

        sign_out_of_viewer(driver)
        screenshot(driver, "journey-10-signed-out")
        driver.get(stack.url + "/pacs-admin/")
        wait_for(driver, lambda d: d.find_elements(By.ID, "kc-form-login"), message="/pacs-admin/ asks to sign in again")
        driver.get(stack.url + "/")
        wait_for(driver, lambda d: d.find_elements(By.ID, "kc-form-login"), message="the viewer asks to sign in again")
    except Exception:
        screenshot(driver, "journey-failure")
        raise
    finally:
        driver.quit()


def test_a_fresh_browser_reads_nothing_and_is_sent_to_login(stack):
    status, _, body = http_get(stack.url + "/pacs/dicom-web/studies")
    assert status == 401, body[:200]
    driver = browser()
    try:
        driver.get(stack.url + "/pacs/dicom-web/studies")
        assert "0020000D" not in driver.page_source
        driver.get(stack.url + "/pacs-admin/")
        wait_for(driver, lambda d: d.find_elements(By.ID, "kc-form-login"), message="login page")
        assert "/realms/ohif/" in driver.current_url
        screenshot(driver, "journey-negative-login")
    finally:
        driver.quit()
