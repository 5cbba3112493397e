"""Fixtures for every end-to-end suite: fresh databases on the throwaway PostgreSQL that
`make test` starts, and service processes on free ports. Helpers live in e2e_support.py."""
import os
import signal
import uuid

import pytest

from e2e_support import ServiceProcess, free_port, psql, with_database


@pytest.fixture
def database_url():
    """A fresh, empty database; dropped afterwards."""
    admin = os.environ.get("TESSERA_TEST_DATABASE_URL")
    if not admin:
        pytest.fail("TESSERA_TEST_DATABASE_URL is not set: run `make test`")
    name = "e2e_" + uuid.uuid4().hex
    psql(admin, f"CREATE DATABASE {name}")
    yield with_database(admin, name)
    psql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def services(tmp_path):
    """Starts services: services(name, image_user=None, **env) -> ServiceProcess; all stopped
    afterwards. `image_user` runs the executable as the container image does (ImageUser)."""
    started = []

    def start(name, image_user=None, **env):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TESSERA_TEST")}
        environment.update({"HTTP_PORT": str(free_port()), "LOG_LEVEL": "info"})
        environment.update({k: str(v) for k, v in env.items()})
        process = ServiceProcess(name, environment, tmp_path / f"{name}-{len(started)}.log", image_user=image_user)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop(signal.SIGKILL if process.process.poll() is None else signal.SIGTERM, timeout=10)
