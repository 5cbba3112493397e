"""Helpers for the edge-gateway end-to-end tests: a real upstream HTTP server that records
what reaches it (method, raw target, headers, body size counted while streaming) and raw
socket requests that no HTTP library would normalise."""
import http.server
import json
import socket
import threading



class RecordingUpstream(http.server.ThreadingHTTPServer):
    """Answers every request with JSON describing it and remembers it."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.requests = []
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def targets(self):
        with self.lock:
            return [r["target"] for r in self.requests]


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body_size(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            total = 0
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return total
                remaining = size
                while remaining:
                    remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
                self.rfile.readline()
                total += size
        remaining = int(self.headers.get("Content-Length") or 0)
        total = 0
        while remaining:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            total += len(chunk)
            remaining -= len(chunk)
        return total

    def answer(self):
        size = self.body_size()
        record = {"method": self.command, "target": self.path, "headers": dict(self.headers.items()), "bodyBytes": size}
        if self.path != "/readyz":
            with self.server.lock:
                self.server.requests.append(record)
        body = json.dumps(record).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = answer



def raw_request(port, data, timeout=10):
    """Sends raw bytes and returns everything the gateway answers until it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and len(chunks) > 0:
                    sock.settimeout(1)
        except socket.timeout:
            pass
    return b"".join(chunks)


def status_of(answer):
    """The status code of the first response in raw bytes, or None when there is none."""
    if not answer.startswith(b"HTTP/1."):
        return None
    return int(answer.split(b" ", 2)[1])


def http_get(url, headers=None, timeout=10):
    """GET url; returns (status, headers, body bytes) for any HTTP status."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def json_body(body):
    return json.loads(body.decode())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
