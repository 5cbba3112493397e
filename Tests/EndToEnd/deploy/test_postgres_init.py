"""compose's PostgreSQL init script (deploy/postgres/init-databases.sh), run on the test cluster
as the postgres image runs it at first start: it creates the two service roles and their
schemas from passwords with quotes and URL-special characters, and identity-service and
pacs-service, connected as those unprivileged roles, migrate and become ready."""
import os
import subprocess
import urllib.parse

import pytest

from e2e_support import ROOT, psql

PASSWORDS = {"identity": "it's \"quoted\"; DROP ROLE x; --", "pacs": "p/a+s=s:@?#%"}


@pytest.fixture
def fresh_roles():
    """No `identity` or `pacs` role before the test, none after it (roles are cluster-wide)."""
    admin = os.environ["TESSERA_TEST_DATABASE_URL"]
    drop = "DROP ROLE IF EXISTS identity; DROP ROLE IF EXISTS pacs;"
    psql(admin, drop)
    yield
    psql(admin, drop)


def test_init_script_makes_roles_the_services_can_run_as(fresh_roles, database_url, services, tmp_path):
    admin = urllib.parse.urlsplit(database_url)
    database = admin.path.lstrip("/")
    environment = {"PATH": os.environ["PATH"], "PGHOST": admin.hostname, "PGPORT": str(admin.port),
                   "PGPASSWORD": urllib.parse.unquote(admin.password), "POSTGRES_USER": admin.username,
                   "POSTGRES_DB": database, "IDENTITY_DB_PASSWORD": PASSWORDS["identity"],
                   "PACS_DB_PASSWORD": PASSWORDS["pacs"]}
    result = subprocess.run(["sh", str(ROOT / "deploy" / "postgres" / "init-databases.sh")], env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

    def url_for(role):
        password = urllib.parse.quote(PASSWORDS[role], safe="")
        return f"postgres://{role}:{password}@{admin.hostname}:{admin.port}/{database}?sslmode=disable"

    identity = services("identity-service", DATABASE_URL=url_for("identity"), IDENTITY_ADMIN_PASSWORD="admin-password-1",
                        PACS_CLIENT_SECRET="client-secret-1",
                        IDENTITY_IMPORT_REALMS=str(ROOT / "deploy" / "realms" / "ohif-realm.json")).wait_ready()
    services("pacs-service", DATABASE_URL=url_for("pacs"), PACS_STORAGE_DIR=str(tmp_path / "storage"),
             PACS_IDENTITY_URLS=identity.url).wait_ready()

    assert psql(database_url, "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles "
                              "WHERE rolname IN ('identity', 'pacs') AND NOT rolsuper AND NOT rolcreatedb") == "identity,pacs"
    owners = psql(database_url, "SELECT schemaname || '=' || string_agg(DISTINCT tableowner, ',') FROM pg_tables "
                                "WHERE schemaname IN ('identity', 'pacs') GROUP BY schemaname ORDER BY schemaname")
    assert owners.splitlines() == ["identity=identity", "pacs=pacs"]
    assert psql(database_url, "SELECT count(*) FROM identity.realms WHERE name = 'ohif'") == "1"
