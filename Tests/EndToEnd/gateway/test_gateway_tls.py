"""edge-gateway's TLS listener with a self-signed certificate: HTTP/2 and HTTP/1.1 by ALPN,
X-Forwarded-Proto https upstream, HSTS on https, and the plain-HTTP redirect to PUBLIC_URL."""
import http.client
import json
import signal
import socket
import ssl
import subprocess
import time

import pytest

from gateway_support import free_port


def make_certificate(cert, key, name="localhost"):
    subprocess.run([
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-subj", f"/CN={name}", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", str(key), "-out", str(cert),
    ], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def certificate(tmp_path):
    return make_certificate(tmp_path / "cert.pem", tmp_path / "key.pem")


def served_certificate(port):
    """The DER certificate the gateway presents on a new connection."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.getpeercert(binary_form=True)


def der(cert):
    return ssl.PEM_cert_to_DER_cert(cert.read_text())


def tls_context(cert, protocols):
    context = ssl.create_default_context(cafile=str(cert))
    context.set_alpn_protocols(protocols)
    return context


def wait_https(port, cert, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.process.poll() is None, process.output()
        try:
            connection = http.client.HTTPSConnection("127.0.0.1", port, context=tls_context(cert, ["http/1.1"]), timeout=3)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gateway not answering over TLS:\n" + process.output())


def test_tls_serves_http2_and_http1_and_redirects_plain_http(services, upstream, certificate):
    cert, key = certificate
    redirect_port = free_port()
    gw = services(
        "edge-gateway", GATEWAY_IDENTITY_URLS=upstream.url, GATEWAY_PACS_URLS=upstream.url, PUBLIC_URL="https://imaging.example.org",
        GATEWAY_TLS_CERT_FILE=cert, GATEWAY_TLS_KEY_FILE=key, GATEWAY_HTTP_REDIRECT_PORT=redirect_port)
    wait_https(gw.port, cert, gw)

    with socket.create_connection(("127.0.0.1", gw.port)) as raw:
        with tls_context(cert, ["h2", "http/1.1"]).wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"

    connection = http.client.HTTPSConnection("127.0.0.1", gw.port, context=tls_context(cert, ["http/1.1"]), timeout=10)
    connection.request("GET", "/auth/realms/ohif/account")
    response = connection.getresponse()
    seen = json.loads(response.read())
    assert response.status == 200
    assert seen["headers"]["X-Forwarded-Proto"] == "https"
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")

    plain = http.client.HTTPConnection("127.0.0.1", redirect_port, timeout=10)
    plain.request("GET", "/viewer?StudyInstanceUIDs=1.2.3", headers={"Host": "evil.example"})
    answer = plain.getresponse()
    assert answer.status == 308
    assert answer.getheader("Location") == "https://imaging.example.org/viewer?StudyInstanceUIDs=1.2.3"


def test_sighup_reloads_the_certificate_and_keeps_it_when_the_new_one_is_broken(services, upstream, certificate, tmp_path):
    cert, key = certificate
    gw = services("edge-gateway", GATEWAY_IDENTITY_URLS=upstream.url, GATEWAY_PACS_URLS=upstream.url,
                  GATEWAY_TLS_CERT_FILE=cert, GATEWAY_TLS_KEY_FILE=key)
    wait_https(gw.port, cert, gw)
    assert served_certificate(gw.port) == der(cert)

    renewed_cert, renewed_key = make_certificate(tmp_path / "new-cert.pem", tmp_path / "new-key.pem", name="renewed")
    cert.write_bytes(renewed_cert.read_bytes())
    key.write_bytes(renewed_key.read_bytes())
    gw.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while served_certificate(gw.port) != der(renewed_cert):
        assert time.monotonic() < deadline, "certificate not reloaded:\n" + gw.output()
        time.sleep(0.1)

    cert.write_text("not a certificate")
    gw.process.send_signal(signal.SIGHUP)
    time.sleep(1)
    assert gw.process.poll() is None
    assert served_certificate(gw.port) == der(renewed_cert)
    assert "TLS certificate reload failed" in gw.output()
