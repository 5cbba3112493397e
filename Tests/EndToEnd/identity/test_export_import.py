"""`identity-service export` writes Keycloak realm JSON that imports again: users keep their
passwords (hashed credentials), clients their secrets, and a restart with the seed realm
does not duplicate anything."""
import json
import os
import subprocess

from keycloak import KeycloakOpenID

from identity_support import admin, identity, ADMIN_PASSWORD, PACS_SECRET, ROOT, Identity, free_port

PASSWORD = "exported password 1"


def export(database_url, tmp_path):
    target = tmp_path / "ohif-export.json"
    binary = os.path.join(os.environ.get("TESSERA_BIN_DIR", str(ROOT / ".build" / "debug")), "identity-service")
    result = subprocess.run([binary, "export", "--realm", "ohif", "--file", str(target)], env={"PATH": os.environ.get("PATH", ""),
                            "DATABASE_URL": database_url}, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return target


def test_export_then_overwrite_import_keeps_passwords_and_secrets(identity, admin, services, database_url, tmp_path):
    user_id = admin.create_user({"username": "carol", "email": "carol@example.org", "enabled": True})
    admin.set_user_password(user_id, PASSWORD, temporary=False)
    admin.assign_realm_roles(user_id, [admin.get_realm_role("pacs-admin")])
    target = export(database_url, tmp_path)
    document = json.loads(target.read_text())
    assert document["realm"] == "ohif" and document["revokeRefreshToken"] is True
    carol = next(u for u in document["users"] if u["username"] == "carol")
    assert carol["credentials"][0]["credentialData"] and "value" not in carol["credentials"][0]
    assert "pacs-admin" in carol["realmRoles"]
    assert PACS_SECRET in [c.get("secret") for c in document["clients"]]
    identity.process.stop()

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    again = services("identity-service", HTTP_PORT=port, PUBLIC_URL=url, DATABASE_URL=database_url, IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD,
                     IDENTITY_IMPORT_REALMS=str(target), IDENTITY_IMPORT_STRATEGY="overwrite")
    again.wait_ready(timeout=120)
    assert "overwritten" in again.output()
    restored = Identity(again, url)
    openid = KeycloakOpenID(server_url=restored.auth_url, realm_name="ohif", client_id="pacs", client_secret_key=PACS_SECRET)
    claims = openid.decode_token(openid.token("carol", PASSWORD)["access_token"])
    assert claims["sub"] == user_id and "pacs-admin" in claims["realm_access"]["roles"]


def test_restart_with_seed_realm_skips_without_duplicates(identity, services, database_url, admin):
    before = admin.get_clients()
    identity.process.stop()
    port = free_port()
    again = services("identity-service", HTTP_PORT=port, PUBLIC_URL=f"http://127.0.0.1:{port}", DATABASE_URL=database_url,
                     IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD, IDENTITY_IMPORT_REALMS=str(ROOT / "deploy" / "realms" / "ohif-realm.json"),
                     PACS_CLIENT_SECRET=PACS_SECRET)
    again.wait_ready(timeout=120)
    assert "skipped" in again.output()
    from keycloak import KeycloakAdmin

    restarted = KeycloakAdmin(server_url=f"http://127.0.0.1:{port}/auth/", username="admin", password=ADMIN_PASSWORD, realm_name="ohif",
                              user_realm_name="master", client_id="admin-cli")
    assert sorted(c["clientId"] for c in restarted.get_clients()) == sorted(c["clientId"] for c in before)
    assert restarted.users_count() == 0
