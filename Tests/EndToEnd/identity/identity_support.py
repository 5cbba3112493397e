"""Helpers for identity-service end-to-end tests (constants, login-form parsing)."""
import re
import socket
import urllib.parse
from pathlib import Path

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
