"""edge-gateway as a real process against raw clients: request smuggling, encoded paths that
try to reach the archive without a token, and path traversal out of the viewer root."""
import os

import pytest

from gateway_support import http_get, raw_request, status_of


SMUGGLING = [
    b"POST /auth/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /auth/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    b"POST /auth/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
    b"POST /auth/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    b"GET /auth/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", SMUGGLING)
def test_ambiguous_framing_never_reaches_an_upstream(gateway, upstream, request_bytes):
    gw = gateway()
    answer = raw_request(gw.port, request_bytes)
    assert status_of(answer) in (400, None), answer[:200]
    assert upstream.targets() == []


@pytest.mark.parametrize("target", [
    "/%70acs/dicom-web/studies", "/auth/..%2fpacs/dicom-web/studies", "/auth/%2e%2e/pacs/dicom-web/studies",
    "//pacs/dicom-web/studies", "/./pacs/dicom-web/studies", "/PACS/../pacs/dicom-web/studies",
])
def test_encoded_paths_cannot_reach_the_archive_without_a_token(gateway, upstream, target):
    gw = gateway()
    answer = raw_request(gw.port, f"GET {target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 401, answer[:300]
    assert b'WWW-Authenticate: Bearer realm="tessera"' in answer
    assert upstream.targets() == []


@pytest.fixture
def viewer_root(tmp_path):
    root = tmp_path / "viewer"
    root.mkdir()
    (root / "index.html").write_text("<!doctype html><title>viewer</title>")
    (tmp_path / "secret.txt").write_text("TOP-SECRET")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    return root


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..%5csecret.txt",
    "/%252e%252e/secret.txt", "/link.txt", "/./../viewer/../secret.txt", "/etc/passwd", "/../../../../etc/passwd",
])
def test_path_traversal_never_leaves_the_viewer_root(gateway, viewer_root, target):
    gw = gateway(GATEWAY_VIEWER_ROOT=str(viewer_root))
    answer = raw_request(gw.port, f"GET {target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".encode())
    assert b"TOP-SECRET" not in answer
    assert b"root:" not in answer
    # Either refused, or (for extension-less paths) the SPA's own index.html from inside the root.
    assert status_of(answer) in (400, 404) or answer.endswith(b"<title>viewer</title>"), answer[:300]


def test_spa_fallback_and_generated_config(gateway, viewer_root):
    gw = gateway(GATEWAY_VIEWER_ROOT=str(viewer_root), PUBLIC_URL="https://imaging.example.org")
    status, headers, body = http_get(gw.url + "/viewer?StudyInstanceUIDs=1.2.3")
    assert status == 200 and b"viewer" in body
    status, headers, body = http_get(gw.url + "/app-config.js")
    assert status == 200
    assert b'"authority" : "https://imaging.example.org/auth/realms/ohif"' in body
    assert b'"wadoRoot" : "https://imaging.example.org/pacs/dicom-web"' in body


def test_connection_named_headers_stop_at_the_gateway(gateway, upstream):
    gw = gateway()
    answer = raw_request(gw.port, (
        "GET /auth/realms/ohif/account HTTP/1.1\r\nHost: a\r\nConnection: close, X-Secret-Hop\r\n"
        "X-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nX-User: admin\r\nX-Kept: yes\r\n\r\n").encode())
    assert status_of(answer) == 200, answer[:300]
    [seen] = upstream.requests
    names = {name.lower() for name in seen["headers"]}
    assert "x-secret-hop" not in names and "keep-alive" not in names and "x-user" not in names
    assert seen["headers"].get("X-Kept") == "yes"
    assert seen["target"] == "/auth/realms/ohif/account"


def test_oversized_headers_are_refused(gateway, upstream):
    gw = gateway(GATEWAY_MAX_HEADER_SIZE="8k")
    answer = raw_request(gw.port, ("GET /auth/x HTTP/1.1\r\nHost: a\r\nX-Big: " + "a" * 20000 + "\r\n\r\n").encode())
    assert status_of(answer) in (400, 431, None), answer[:200]
    assert upstream.targets() == []


def test_idle_clients_are_disconnected(gateway):
    import socket

    gw = gateway(GATEWAY_CLIENT_IDLE_TIMEOUT="1")
    with socket.create_connection(("127.0.0.1", gw.port), timeout=30) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\n")  # never finishes its headers
        received = b""
        while chunk := sock.recv(65536):  # a socket.timeout here means the gateway kept the client
            received += chunk
        assert received == b"" or status_of(received) in (400, 408)
