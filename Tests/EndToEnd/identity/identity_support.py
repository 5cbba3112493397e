"""Fixtures and helpers for identity-service end-to-end tests: a running identity-service on
a fresh database with the seed realm (deploy/realms/ohif-realm.json) imported and a bootstrap
admin. PUBLIC_URL is the service's own address, so issuers are
http://127.0.0.1:PORT/auth/realms/R and the service answers under /auth as behind the gateway.

The fixtures live here, not in a conftest.py: a second module named `conftest` would shadow
Tests/EndToEnd/conftest.py for the suites that import helpers from it."""
import re
import socket
import urllib.parse
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
ADMIN_PASSWORD = "admin-password-for-tests"
PACS_SECRET = "pacs-secret-for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Identity:
    """A running identity-service and the URLs clients use."""

    def __init__(self, process, url):
        self.process = process
        self.url = url
        self.auth_url = url + "/auth/"

    def issuer(self, realm="ohif"):
        return f"{self.url}/auth/realms/{realm}"

    def endpoint(self, name, realm="ohif"):
        return f"{self.issuer(realm)}/protocol/openid-connect/{name}"


def login_form(html):
    """The login (or update-password) form's action and hidden fields."""
    action = re.search(r'<form[^>]*action="([^"]+)"', html)
    assert action, html
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return action.group(1).replace("&amp;", "&"), fields


def submit_login(session, page_url, html, **fields):
    """Posts the form found in html (relative action resolved against page_url)."""
    action, hidden = login_form(html)
    hidden.update(fields)
    return session.post(urllib.parse.urljoin(page_url, action), data=hidden, allow_redirects=False, timeout=30)


def new_browser():
    return requests.Session()


@pytest.fixture
def identity(services, database_url):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = services(
        "identity-service",
        HTTP_PORT=port,
        PUBLIC_URL=url,
        DATABASE_URL=database_url,
        IDENTITY_ADMIN_USER="admin",
        IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD,
        IDENTITY_IMPORT_REALMS=str(ROOT / "deploy" / "realms" / "ohif-realm.json"),
        PACS_CLIENT_SECRET=PACS_SECRET,
    )
    process.wait_ready(timeout=120)
    return Identity(process, url)


@pytest.fixture
def admin(identity):
    from keycloak import KeycloakAdmin

    return KeycloakAdmin(
        server_url=identity.auth_url,
        username="admin",
        password=ADMIN_PASSWORD,
        realm_name="ohif",
        user_realm_name="master",
        client_id="admin-cli",
    )
