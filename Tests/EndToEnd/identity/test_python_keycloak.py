"""python-keycloak against identity-service: the admin flows and the OpenID client flows
the issue names, with Keycloak's status codes."""
import pytest
from keycloak import KeycloakAdmin, KeycloakOpenID
from keycloak.exceptions import KeycloakAuthenticationError, KeycloakError, KeycloakPostError

from identity_support import admin, identity, ADMIN_PASSWORD, PACS_SECRET

PASSWORD = "correct horse battery"


def create_user(admin, username="jdoe"):
    user_id = admin.create_user(
        {"username": username, "email": f"{username}@example.org", "enabled": True, "firstName": "Jane", "lastName": "Doe"}
    )
    admin.set_user_password(user_id, PASSWORD, temporary=False)
    return user_id


def test_admin_manages_users_roles_and_client_secret(identity, admin):
    user_id = create_user(admin)
    assert len(user_id) == 36
    role = admin.get_realm_role("pacs-admin")
    admin.assign_realm_roles(user_id, [role])
    assert {r["name"] for r in admin.get_realm_roles_of_user(user_id)} >= {"pacs-admin", "default-roles-ohif"}

    found = admin.get_users({"search": "jdoe"})
    assert [u["username"] for u in found] == ["jdoe"]
    assert admin.users_count() == 1
    assert admin.users_count({"search": "nobody"}) == 0
    assert admin.get_user(user_id)["email"] == "jdoe@example.org"

    admin.update_user(user_id, {"firstName": "Janet"})
    updated = admin.get_user(user_id)
    assert updated["firstName"] == "Janet" and updated["lastName"] == "Doe"

    pacs = admin.get_client_id("pacs")
    assert admin.get_client_secrets(pacs)["value"] == PACS_SECRET
    regenerated = admin.generate_client_secrets(pacs)["value"]
    assert regenerated and regenerated != PACS_SECRET
    assert admin.get_client_secrets(pacs)["value"] == regenerated
    openid = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=regenerated)
    assert openid.token("jdoe", PASSWORD)["access_token"]
    stale = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    with pytest.raises(KeycloakAuthenticationError):
        stale.token("jdoe", PASSWORD)

    admin.delete_user(user_id)
    assert admin.get_users({"username": "jdoe"}) == []


def test_admin_paging_and_conflicts(identity, admin):
    for index in range(3):
        create_user(admin, f"page{index}")
    assert len(admin.get_users({})) == 3
    assert [u["username"] for u in admin.get_users({"first": 1, "max": 1})] == ["page1"]
    with pytest.raises(KeycloakPostError) as conflict:
        admin.create_user({"username": "page0", "enabled": True})
    assert conflict.value.response_code == 409


def test_admin_api_needs_a_token_with_the_role(identity, admin):
    import requests

    assert requests.get(f"{identity.url}/admin/realms/ohif/users", timeout=10).status_code == 401
    create_user(admin, "plain")
    plain = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    token = plain.token("plain", PASSWORD)["access_token"]
    answer = requests.get(f"{identity.url}/admin/realms/ohif/users", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 403


def test_openid_password_refresh_userinfo_introspect_decode_logout(identity, admin):
    create_user(admin)
    openid = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    tokens = openid.token("jdoe", PASSWORD, scope="openid")
    assert tokens["token_type"] == "Bearer" and tokens["id_token"]

    claims = openid.decode_token(tokens["access_token"])
    assert claims["iss"] == identity.issuer()
    assert claims["preferred_username"] == "jdoe"
    assert {"pacs-read", "pacs-write"} <= set(claims["realm_access"]["roles"])
    assert "pacs-admin" not in claims["realm_access"]["roles"]
    assert openid.public_key()

    refreshed = openid.refresh_token(tokens["refresh_token"])
    assert refreshed["access_token"] != tokens["access_token"]

    info = openid.userinfo(refreshed["access_token"])
    assert info["preferred_username"] == "jdoe" and info["email"] == "jdoe@example.org"
    assert openid.introspect(refreshed["access_token"])["active"] is True

    openid.logout(refreshed["refresh_token"])
    assert openid.introspect(refreshed["access_token"])["active"] is False
    with pytest.raises(KeycloakError):
        openid.refresh_token(refreshed["refresh_token"])


def test_wrong_password_unknown_user_disabled_user(identity, admin):
    user_id = create_user(admin)
    openid = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    with pytest.raises(KeycloakAuthenticationError):
        openid.token("jdoe", "wrong password!!")
    with pytest.raises(KeycloakAuthenticationError):
        openid.token("nobody", PASSWORD)
    admin.clear_bruteforce_attempts_for_user(user_id)
    admin.update_user(user_id, {"enabled": False})
    with pytest.raises(KeycloakError) as disabled:
        openid.token("jdoe", PASSWORD)
    assert "disabled" in str(disabled.value).lower()


def test_bad_client_secret_and_client_credentials(identity):
    bad = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key="wrong")
    with pytest.raises(KeycloakAuthenticationError):
        bad.token(grant_type="client_credentials")
    good = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    tokens = good.token(grant_type="client_credentials")
    claims = good.decode_token(tokens["access_token"])
    assert claims["azp"] == "pacs" and claims["preferred_username"] == "service-account-pacs"


def test_brute_force_lockout(identity, admin):
    user_id = create_user(admin)
    openid = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    for _ in range(5):
        with pytest.raises(KeycloakAuthenticationError):
            openid.token("jdoe", "wrong password!!")
    with pytest.raises(KeycloakAuthenticationError):
        openid.token("jdoe", PASSWORD)
    assert admin.get_bruteforce_detection_status(user_id)["disabled"] is True
    admin.clear_bruteforce_attempts_for_user(user_id)
    assert openid.token("jdoe", PASSWORD)["access_token"]


def test_weak_password_is_refused_with_keycloak_message(identity, admin):
    user_id = admin.create_user({"username": "weak", "enabled": True})
    with pytest.raises(KeycloakError) as refused:
        admin.set_user_password(user_id, "short", temporary=False)
    assert "minimum length 12" in str(refused.value)


def test_refresh_token_reuse_revokes_the_family(identity, admin):
    create_user(admin)
    openid = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    first = openid.token("jdoe", PASSWORD)
    second = openid.refresh_token(first["refresh_token"])
    with pytest.raises(KeycloakError):
        openid.refresh_token(first["refresh_token"])  # the seed realm rotates refresh tokens
    with pytest.raises(KeycloakError):
        openid.refresh_token(second["refresh_token"])  # reuse revoked the rotated token too
