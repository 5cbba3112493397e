"""Replica failover with real pacs-service replicas: one is killed mid-load and no idempotent
request fails; the access log names the user and the route."""
import collections
import json
import signal
import threading
import time

import pytest
import requests

from stack_support import Stack

STUDIES = "/pacs/dicom-web/studies"


@pytest.fixture
def stack(services, database_url, tmp_path):
    return Stack(services, database_url, tmp_path)


def test_killing_a_replica_mid_load_fails_no_idempotent_request(stack):
    first, second = stack.add_pacs(), stack.add_pacs()
    stack.start_gateway(GATEWAY_HEALTH_CHECK_INTERVAL="1", LOG_FORMAT="json")
    stack.create_user("reader")
    token = stack.tokens("reader")["access_token"]
    statuses = collections.Counter()
    failures = []
    stop = threading.Event()

    def load():
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    answer = session.get(stack.url + STUDIES, headers={"Authorization": "Bearer " + token}, timeout=30)
                    statuses[answer.status_code] += 1
                    if answer.status_code not in (200, 204):
                        failures.append((answer.status_code, answer.text[:200]))
                except requests.RequestException as error:
                    failures.append(("exception", str(error)))

    workers = [threading.Thread(target=load) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(1.5)
    before = sum(statuses.values())
    second.process.send_signal(signal.SIGKILL)
    time.sleep(3)
    stop.set()
    for worker in workers:
        worker.join(timeout=30)
    assert before > 0 and sum(statuses.values()) > before, statuses
    assert failures == [], failures[:5]
    assert first.process.poll() is None

    lines = [json.loads(line) for line in stack.gateway.output().splitlines() if line.startswith("{")]
    requests_logged = [line for line in lines if line.get("msg") == "request" and line.get("route") == "pacs"]
    assert requests_logged, lines[-5:]
    from stack_support import claims_of
    assert requests_logged[-1]["user"] == claims_of(token)["sub"]
