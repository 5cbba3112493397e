"""A large upload streams through edge-gateway without being held in memory."""
import http.client
import os

from gateway_support import json_body


UPLOAD_BYTES = int(os.environ.get("TESSERA_GATEWAY_UPLOAD_BYTES", str(2 * 1024 ** 3)))


def memory_bytes(pid, field):
    """VmRSS (resident now) or VmHWM (peak resident) of a process, bytes."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no {field}")


def test_large_upload_streams_with_bounded_memory(gateway, upstream):
    gw = gateway(GATEWAY_AUTH_MAX_BODY="8g")
    baseline = memory_bytes(gw.process.pid, "VmRSS")
    block = os.urandom(1 << 20)

    def body():
        sent = 0
        while sent < UPLOAD_BYTES:
            piece = block[: min(len(block), UPLOAD_BYTES - sent)]
            sent += len(piece)
            yield piece

    connection = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=600)
    connection.request("POST", "/auth/upload", body=body(), headers={"Content-Length": str(UPLOAD_BYTES), "Content-Type": "application/octet-stream"})
    response = connection.getresponse()
    answer = response.read()
    assert response.status == 200, answer[:300]
    assert json_body(answer)["bodyBytes"] == UPLOAD_BYTES
    # The whole body is 2 GiB; the upload is paced to the upstream socket (PacedBody), so the
    # gateway's peak memory grows by a few MiB at most, even on a starved machine.
    growth = memory_bytes(gw.process.pid, "VmHWM") - baseline
    assert growth < 100 * 1024 ** 2, f"peak RSS grew by {growth / 1024 ** 2:.0f} MiB"


def test_body_limit_answers_413_before_streaming(gateway, upstream):
    gw = gateway(GATEWAY_AUTH_MAX_BODY="1k")
    connection = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=30)
    connection.request("POST", "/auth/upload", body=b"x" * 4096)
    response = connection.getresponse()
    assert response.status == 413
    assert json_body(response.read())["error"] == "payload_too_large"
    assert upstream.targets() == []
