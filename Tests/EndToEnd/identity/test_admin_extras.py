"""python-keycloak admin calls beyond the basics: group client-role mappings, group children
and group-by-path, client role members, client sessions, ending one session, and client scope
mappings that narrow a fullScopeAllowed=false client's tokens."""
from keycloak import KeycloakOpenID

from identity_support import admin, identity, PACS_SECRET

PASSWORD = "correct horse battery"


def test_groups_sessions_and_scope_mappings(identity, admin):
    pacs = admin.get_client_id("pacs")
    admin.create_client_role(pacs, {"name": "auditor"})
    parent = admin.create_group({"name": "radiology"})
    child = admin.create_group({"name": "residents"}, parent=parent)
    assert admin.get_group_by_path("/radiology/residents")["id"] == child
    assert [g["name"] for g in admin.get_group_children(parent)] == ["residents"]

    role = admin.get_client_role(pacs, "auditor")
    admin.assign_group_client_roles(child, pacs, [role])
    assert [r["name"] for r in admin.get_group_client_roles(child, pacs)] == ["auditor"]

    user = admin.create_user({"username": "rita", "enabled": True})
    admin.set_user_password(user, PASSWORD, temporary=False)
    admin.assign_client_role(user, pacs, [role])
    assert [u["username"] for u in admin.get_client_role_members(pacs, "auditor")] == ["rita"]

    oidc = KeycloakOpenID(server_url=identity.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    tokens = oidc.token("rita", PASSWORD)
    claims = oidc.decode_token(tokens["access_token"])
    assert "pacs-read" in claims["realm_access"]["roles"]

    sessions = admin.get_client_all_sessions(pacs)
    assert [s["username"] for s in sessions] == ["rita"]
    admin.connection.raw_delete(f"admin/realms/ohif/sessions/{sessions[0]['id']}")
    assert admin.get_sessions(user) == []

    # fullScopeAllowed off: only scope-mapped roles reach the token.
    admin.update_client(pacs, {"fullScopeAllowed": False})
    admin.assign_realm_roles_to_client_scope(pacs, [admin.get_realm_role("pacs-read")])
    assert [r["name"] for r in admin.get_realm_roles_of_client_scope(pacs)] == ["pacs-read"]
    narrowed = oidc.decode_token(oidc.token("rita", PASSWORD)["access_token"])
    assert narrowed["realm_access"]["roles"] == ["pacs-read"]
    assert narrowed["resource_access"]["pacs"]["roles"] == ["auditor"]
