"""Offline tokens: scope offline_access gives an `Offline` refresh token bound to an offline
session that survives SSO logout and is revoked through the admin API (DELETE consents)."""
import base64
import json

import pytest
from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakPostError

from identity_support import admin, identity, PACS_SECRET

PASSWORD = "correct horse battery"


def payload(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_offline_token_survives_logout_and_is_revocable(identity, admin):
    user = admin.create_user({"username": "nightly", "enabled": True})
    admin.set_user_password(user, PASSWORD, temporary=False)
    oidc = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)

    tokens = oidc.token("nightly", PASSWORD, scope="openid offline_access")
    offline = tokens["refresh_token"]
    assert payload(offline)["typ"] == "Offline"
    assert "offline_access" in tokens["scope"].split()
    pacs = admin.get_client_id("pacs")
    assert len(admin.connection.raw_get(f"admin/realms/ohif/users/{user}/offline-sessions/{pacs}").json()) == 1

    admin.user_logout(user)  # ends the SSO session only
    assert admin.get_sessions(user) == []
    refreshed = oidc.refresh_token(offline)
    assert payload(refreshed["refresh_token"])["typ"] == "Offline"
    assert oidc.userinfo(refreshed["access_token"])["sub"] == user

    admin.connection.raw_delete(f"admin/realms/ohif/users/{user}/consents/pacs")
    with pytest.raises(KeycloakPostError) as refused:
        oidc.refresh_token(refreshed["refresh_token"])
    assert refused.value.response_code == 400

    # Without the offline_access role (removed from the user's default roles) offline tokens are refused.
    admin.delete_realm_roles_of_user(user, [admin.get_realm_role("default-roles-ohif")])
    with pytest.raises(KeycloakPostError) as denied:
        oidc.token("nightly", PASSWORD, scope="offline_access")
    assert json.loads(denied.value.error_message)["error"] == "not_allowed"
