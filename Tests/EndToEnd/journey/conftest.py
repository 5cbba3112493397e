"""Fixtures of the whole-stack journeys: one `make run` stack shared by the tests of a module."""
import pytest

from journey_support import Stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """`make run`'s stack (debug build, free ports, fresh data directory)."""
    running = Stack(tmp_path_factory.mktemp("stack") / "data")
    try:
        yield running.wait_ready()
    finally:
        running.stop()
