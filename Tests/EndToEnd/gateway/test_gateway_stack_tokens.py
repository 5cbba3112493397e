"""edge-gateway in front of the real identity-service and pacs-service: which bearer tokens
open /pacs (jwt mode), and introspection mode with a revoked token."""
import json
import time

import pytest
import requests

from stack_support import PACS_SECRET, Stack, b64url, claims_of, unb64url

STUDIES = "/pacs/dicom-web/studies"


@pytest.fixture
def stack(services, database_url, tmp_path):
    return Stack(services, database_url, tmp_path)


def challenge(answer):
    return answer.headers.get("WWW-Authenticate", "")


def test_bearer_tokens_missing_expired_tampered_foreign_unsigned_and_without_role(stack):
    stack.add_pacs()
    stack.start_gateway(GATEWAY_PACS_REQUIRED_ROLES="pacs-admin", GATEWAY_JWT_LEEWAY="0")
    stack.create_user("boss", roles=["pacs-admin"])
    stack.create_user("reader")  # the realm's default roles: pacs-read, pacs-write
    token = stack.tokens("boss")["access_token"]

    answer = stack.get(STUDIES, token)
    assert answer.status_code in (200, 204), answer.text
    assert answer.request.headers["Authorization"] == "Bearer " + token

    missing = stack.get(STUDIES)
    assert missing.status_code == 401
    assert challenge(missing) == 'Bearer realm="tessera"'

    header, payload, signature = token.split(".")
    claims = json.loads(unb64url(payload))
    claims["realm_access"] = {"roles": ["pacs-read", "pacs-write", "pacs-admin"]}
    tampered = ".".join([header, b64url(json.dumps(claims).encode()), signature])
    unsigned = ".".join([b64url(b'{"alg":"none","typ":"JWT"}'), payload, ""])
    foreign = requests.post(stack.endpoint("token", "master"), timeout=30, data={
        "grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": "admin-password-for-gateway-tests"}).json()["access_token"]
    assert claims_of(foreign)["iss"].endswith("/realms/master")
    for bad in (tampered, unsigned, foreign, "garbage", token + "x"):
        answer = stack.get(STUDIES, bad)
        assert answer.status_code == 401, (bad[:40], answer.text)
        assert 'error="invalid_token"' in challenge(answer)

    wrong_role = stack.get(STUDIES, stack.tokens("reader")["access_token"])
    assert wrong_role.status_code == 403, wrong_role.text
    assert 'error="insufficient_scope"' in challenge(wrong_role)

    stack.admin("PUT", "", json={"accessTokenLifespan": 1})
    short = stack.tokens("boss")["access_token"]
    time.sleep(2.5)
    expired = stack.get(STUDIES, short)
    assert expired.status_code == 401, expired.text
    assert 'error="invalid_token"' in challenge(expired)


def test_introspection_mode_sees_a_revoked_token_within_the_cache_ttl(stack):
    stack.add_pacs()
    stack.start_gateway(GATEWAY_AUTH_MODE="introspection", GATEWAY_INTROSPECTION_CACHE_TTL="2")
    stack.create_user("reader", roles=["pacs-read"])
    token = stack.tokens("reader")["access_token"]
    assert stack.get(STUDIES, token).status_code in (200, 204)
    assert stack.get(STUDIES, "not-a-token").status_code == 401

    revoked = requests.post(stack.endpoint("revoke"), timeout=30, auth=("pacs", PACS_SECRET), data={"token": token})
    assert revoked.status_code == 200, revoked.text
    introspected = requests.post(stack.endpoint("token/introspect"), timeout=30, auth=("pacs", PACS_SECRET), data={"token": token})
    assert introspected.json()["active"] is False

    deadline = time.monotonic() + 2 + 1.5  # the cache TTL plus slack
    while stack.get(STUDIES, token).status_code != 401:
        assert time.monotonic() < deadline, "revoked token still accepted after the cache TTL"
        time.sleep(0.2)
