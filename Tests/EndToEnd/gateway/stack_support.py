"""The real stack for edge-gateway integration tests: identity-service with the seed realm,
one or more pacs-service replicas, and edge-gateway in front, all on one fresh database.
PUBLIC_URL is the gateway's own address, so tokens and redirects are what a browser sees.
Admin operations and API tokens go to identity-service directly (the gateway rate-limits
the token endpoint); browsers go through the gateway."""
import base64
import json
from pathlib import Path

import requests

from gateway_support import free_port

ROOT = Path(__file__).resolve().parents[3]
ADMIN_PASSWORD = "admin-password-for-gateway-tests"
PACS_SECRET = "pacs-secret-for-gateway-tests"
SESSION_SECRET = "gateway-session-secret-for-tests-0123456789"
PASSWORD = "correct horse battery staple"


class Stack:
    def __init__(self, services, database_url, tmp_path, image_user=None):
        """`image_user`: every service runs as the container image runs it (ImageUser)."""
        self.services = lambda name, **env: services(name, image_user=image_user, **env)
        realms = (image_user.app_dir if image_user else ROOT / "deploy") / "realms"
        self.database_url = database_url
        self.tmp_path = tmp_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.identity = self.services(
            "identity-service", DATABASE_URL=database_url, PUBLIC_URL=self.url, IDENTITY_ADMIN_USER="admin",
            IDENTITY_ADMIN_PASSWORD=ADMIN_PASSWORD, IDENTITY_IMPORT_REALMS=realms / "ohif-realm.json",
            PACS_CLIENT_SECRET=PACS_SECRET).wait_ready(timeout=120)
        self.pacs = []
        self.gateway = None

    def add_pacs(self, **env):
        settings = {"DATABASE_URL": self.database_url, "PACS_STORAGE_DIR": self.tmp_path / "storage", "PUBLIC_URL": self.url,
                    "PACS_IDENTITY_URLS": self.identity.url}
        settings.update(env)
        replica = self.services("pacs-service", **settings).wait_ready(timeout=120)
        self.pacs.append(replica)
        return replica

    def start_gateway(self, **env):
        settings = {
            "HTTP_PORT": self.port, "PUBLIC_URL": self.url, "GATEWAY_IDENTITY_URLS": self.identity.url,
            "GATEWAY_PACS_URLS": ",".join(p.url for p in self.pacs), "PACS_CLIENT_SECRET": PACS_SECRET,
            "GATEWAY_SESSION_SECRET": SESSION_SECRET,
        }
        settings.update(env)
        self.gateway = self.services("edge-gateway", **settings).wait_ready(timeout=120)
        return self.gateway

    def endpoint(self, name, realm="ohif"):
        """An OpenID endpoint on identity-service itself (not through the gateway)."""
        return f"{self.identity.url}/realms/{realm}/protocol/openid-connect/{name}"

    def admin_token(self):
        answer = requests.post(self.endpoint("token", "master"), timeout=30, data={
            "grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": ADMIN_PASSWORD})
        answer.raise_for_status()
        return answer.json()["access_token"]

    def admin(self, method, path, **kwargs):
        """The Keycloak-style admin REST API of identity-service."""
        answer = requests.request(method, f"{self.identity.url}/admin/realms/ohif{path}", timeout=30,
                                  headers={"Authorization": "Bearer " + self.admin_token()}, **kwargs)
        answer.raise_for_status()
        return answer

    def create_user(self, username, roles=()):
        created = self.admin("POST", "/users", json={
            "username": username, "email": f"{username}@example.org", "enabled": True, "firstName": "Test", "lastName": "User"})
        user_id = created.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        self.admin("PUT", f"/users/{user_id}/reset-password", json={"type": "password", "value": PASSWORD, "temporary": False})
        if roles:
            available = {r["name"]: r for r in self.admin("GET", "/roles").json()}
            self.admin("POST", f"/users/{user_id}/role-mappings/realm", json=[available[name] for name in roles])
        return user_id

    def tokens(self, username):
        """The pacs client's password grant for `username`: access, refresh and ID tokens."""
        answer = requests.post(self.endpoint("token"), timeout=30, auth=("pacs", PACS_SECRET), data={
            "grant_type": "password", "username": username, "password": PASSWORD, "scope": "openid"})
        answer.raise_for_status()
        return answer.json()

    def get(self, path, token=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        return requests.get(self.url + path, headers=headers, timeout=30, allow_redirects=False, **kwargs)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def claims_of(token):
    return json.loads(unb64url(token.split(".")[1]))
