"""Fixtures for identity-service end-to-end tests: a running identity-service on a fresh
database with the seed realm (deploy/realms/ohif-realm.json) imported and a bootstrap admin.

PUBLIC_URL is the service's own address, so issuers are http://127.0.0.1:PORT/auth/realms/R and
the service answers under /auth as it does behind the gateway."""
import pytest

from identity_support import ADMIN_PASSWORD, PACS_SECRET, ROOT, Identity, free_port


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
