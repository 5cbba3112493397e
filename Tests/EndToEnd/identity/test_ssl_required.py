"""Realm sslRequired over real sockets: with Keycloak's default `external`, a client the
gateway reports as public (X-Forwarded-For) must use HTTPS; local clients and requests the
gateway received over HTTPS pass; `none` lifts the rule, `all` refuses even local plain HTTP."""
import requests

from identity_support import admin, identity, PACS_SECRET


def password_grant(identity, headers):
    return requests.post(identity.endpoint("token"), headers=headers, timeout=30, data={
        "grant_type": "password", "client_id": "pacs", "client_secret": PACS_SECRET,
        "username": "admin-less", "password": "wrong"})


def test_external_clients_need_https(identity, admin):
    public = {"X-Forwarded-For": "203.0.113.9"}
    refused = password_grant(identity, public)
    assert refused.status_code == 403
    assert refused.json() == {"error": "invalid_request", "error_description": "HTTPS required"}
    # The gateway terminated TLS for that client: allowed (the unknown user is then a 401).
    assert password_grant(identity, {**public, "X-Forwarded-Proto": "https"}).status_code == 401
    # A local client may use plain HTTP under `external`.
    assert password_grant(identity, {}).status_code == 401
    page = requests.get(identity.endpoint("auth"), headers=public, timeout=30, params={"client_id": "ohif-viewer"})
    assert page.status_code == 403 and "HTTPS required" in page.text

    admin.update_realm("ohif", {"sslRequired": "none"})
    assert password_grant(identity, public).status_code == 401
    admin.update_realm("ohif", {"sslRequired": "all"})
    assert password_grant(identity, {}).status_code == 403
    assert password_grant(identity, {"X-Forwarded-Proto": "https"}).status_code == 401
