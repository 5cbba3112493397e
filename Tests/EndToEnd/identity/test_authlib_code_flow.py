"""authlib runs the authorization-code + PKCE flow through the server-rendered login form
(with requests as the browser) and validates the ID token against the realm's JWKS."""
import secrets
import urllib.parse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken
from keycloak import KeycloakOpenID

from identity_support import admin, identity, PACS_SECRET, new_browser, submit_login

PASSWORD = "correct horse battery"


@pytest.fixture
def user(admin):
    user_id = admin.create_user({"username": "alice", "email": "alice@example.org", "enabled": True, "firstName": "Alice", "lastName": "Liddell"})
    admin.set_user_password(user_id, PASSWORD, temporary=False)
    return user_id


def viewer_session(identity, redirect=None):
    return OAuth2Session(
        client_id="ohif-viewer",
        redirect_uri=redirect or f"{identity.url}/callback",
        scope="openid profile email",
        code_challenge_method="S256",
    )


def authorize(identity, session, browser, verifier, **extra):
    nonce = generate_token(20)
    uri, state = session.create_authorization_url(identity.endpoint("auth"), code_verifier=verifier, nonce=nonce, **extra)
    page = browser.get(uri, allow_redirects=False, timeout=30)
    return uri, state, nonce, page


def login(identity, browser, page_url, html, username="alice", password=PASSWORD):
    return submit_login(browser, page_url, html, username=username, password=password)


def code_from(location):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)


def test_code_flow_with_pkce_and_id_token_validation(identity, user):
    session, browser, verifier = viewer_session(identity), new_browser(), generate_token(48)
    uri, state, nonce, page = authorize(identity, session, browser, verifier)
    assert page.status_code == 200 and 'id="kc-form-login"' in page.text
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    answer = login(identity, browser, uri, page.text)
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(f"{identity.url}/callback?")
    assert code_from(location)["state"] == [state]
    cookie = [c for c in browser.cookies if c.name.startswith("TESSERA_IDENTITY_")][0]
    assert cookie.has_nonstandard_attr("HttpOnly")

    tokens = session.fetch_token(identity.endpoint("token"), authorization_response=location, code_verifier=verifier)
    jwks = JsonWebKey.import_key_set(requests.get(identity.endpoint("certs"), timeout=10).json())
    claims = jwt.decode(tokens["id_token"], jwks, claims_cls=CodeIDToken,
                        claims_options={"iss": {"essential": True, "value": identity.issuer()}},
                        claims_params={"nonce": nonce, "client_id": "ohif-viewer", "access_token": tokens["access_token"]})
    claims.validate()
    assert claims["aud"] == "ohif-viewer" and claims["preferred_username"] == "alice"

    # SSO: a second authorization request with the session cookie skips the form.
    _, _, _, again = authorize(identity, viewer_session(identity), browser, generate_token(48))
    assert again.status_code == 302 and "code=" in again.headers["Location"]

    # RP-initiated logout with id_token_hint and a registered post_logout_redirect_uri.
    bye = browser.get(identity.endpoint("logout"), params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": f"{identity.url}/",
                                                          "state": "s1"}, allow_redirects=False, timeout=30)
    assert bye.status_code == 302 and bye.headers["Location"] == f"{identity.url}/?state=s1"
    _, _, _, after = authorize(identity, viewer_session(identity), browser, generate_token(48))
    assert after.status_code == 200 and 'id="kc-form-login"' in after.text


def test_wrong_password_shows_the_keycloak_message(identity, user):
    browser, session = new_browser(), viewer_session(identity)
    uri, _, _, page = authorize(identity, session, browser, generate_token(48))
    answer = login(identity, browser, uri, page.text, password="wrong password!")
    assert answer.status_code == 200 and "Invalid username or password." in answer.text


def test_unregistered_redirect_uri_shows_error_page_without_redirect(identity):
    browser = new_browser()
    uri, _ = viewer_session(identity, redirect="https://evil.example.com/callback").create_authorization_url(
        identity.endpoint("auth"), code_verifier=generate_token(48))
    page = browser.get(uri, allow_redirects=False, timeout=30)
    assert page.status_code == 400 and "Location" not in page.headers
    assert "Invalid parameter: redirect_uri" in page.text
    unknown = browser.get(identity.endpoint("auth"), params={"client_id": "nope", "redirect_uri": f"{identity.url}/callback",
                                                            "response_type": "code"}, allow_redirects=False, timeout=30)
    assert unknown.status_code == 400 and "Location" not in unknown.headers


def test_public_client_needs_s256_and_plain_is_refused(identity):
    browser = new_browser()
    base = {"client_id": "ohif-viewer", "redirect_uri": f"{identity.url}/callback", "response_type": "code", "scope": "openid", "state": "x"}
    missing = browser.get(identity.endpoint("auth"), params=base, allow_redirects=False, timeout=30)
    assert missing.status_code == 302 and "error=invalid_request" in missing.headers["Location"]
    plain = browser.get(identity.endpoint("auth"), params={**base, "code_challenge": "a" * 43, "code_challenge_method": "plain"},
                        allow_redirects=False, timeout=30)
    assert plain.status_code == 302 and "error=invalid_request" in plain.headers["Location"]
    none = browser.get(identity.endpoint("auth"), params={**base, "code_challenge": "a" * 43, "code_challenge_method": "S256", "prompt": "none"},
                       allow_redirects=False, timeout=30)
    assert none.status_code == 302 and "error=login_required" in none.headers["Location"]


def test_pkce_mismatch_code_reuse_and_code_of_another_client(identity, user):
    session, browser, verifier = viewer_session(identity), new_browser(), generate_token(48)
    uri, _, _, page = authorize(identity, session, browser, verifier)
    location = login(identity, browser, uri, page.text).headers["Location"]
    code = code_from(location)["code"][0]
    token_url = identity.endpoint("token")
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": f"{identity.url}/callback", "client_id": "ohif-viewer"}
    mismatch = requests.post(token_url, data={**form, "code_verifier": generate_token(48)}, timeout=10)
    assert mismatch.status_code == 400 and mismatch.json()["error"] == "invalid_grant"
    reuse = requests.post(token_url, data={**form, "code_verifier": verifier}, timeout=10)
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"

    second_browser = new_browser()
    uri, _, _, page = authorize(identity, viewer_session(identity), second_browser, verifier)
    location = login(identity, second_browser, uri, page.text).headers["Location"]
    other = requests.post(token_url, data={"grant_type": "authorization_code", "code": code_from(location)["code"][0],
                                           "redirect_uri": f"{identity.url}/callback", "code_verifier": verifier},
                          auth=("pacs", PACS_SECRET), timeout=10)
    assert other.status_code == 400 and other.json()["error"] == "invalid_grant"


def test_temporary_password_requires_update(identity, admin):
    user_id = admin.create_user({"username": "temp", "enabled": True})
    admin.set_user_password(user_id, "temporary password 1", temporary=True)
    session, browser, verifier = viewer_session(identity), new_browser(), generate_token(48)
    uri, _, _, page = authorize(identity, session, browser, verifier)
    update = login(identity, browser, uri, page.text, username="temp", password="temporary password 1")
    assert update.status_code == 200 and 'id="kc-passwd-update-form"' in update.text
    page_url = urllib.parse.urljoin(uri, "../../login-actions/authenticate")
    short = submit_login(browser, page_url, update.text, **{"password-new": "short", "password-confirm": "short"})
    assert "minimum length 12" in short.text
    done = submit_login(browser, page_url, short.text, **{"password-new": "a brand new password", "password-confirm": "a brand new password"})
    assert done.status_code == 302
    tokens = session.fetch_token(identity.endpoint("token"), authorization_response=done.headers["Location"], code_verifier=verifier)
    assert tokens["access_token"]
    openid = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    assert openid.token("temp", "a brand new password")["access_token"]
