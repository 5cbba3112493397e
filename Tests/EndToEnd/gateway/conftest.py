"""Fixtures for the edge-gateway end-to-end tests: the recording upstream and the gateway
executable in front of it."""
import threading

import pytest

from gateway_support import RecordingUpstream


@pytest.fixture
def upstream():
    server = RecordingUpstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def gateway(services, upstream):
    """Starts edge-gateway with both upstreams on the recording server: gateway(**env)."""

    def start(**env):
        settings = {"GATEWAY_IDENTITY_URLS": upstream.url, "GATEWAY_PACS_URLS": upstream.url}
        settings.update(env)
        return services("edge-gateway", **settings).wait_ready()

    return start
