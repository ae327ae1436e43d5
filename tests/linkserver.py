"""A local HTTP server (127.0.0.1 only) that answers the way real sites do, for the link checker.

Paths (a query string makes a path's counters its own, so tests do not share state):

    /ok                 200, an HTML page with no ids
    /anchors            200, a page with id="here" and <a name="named">
    /file.pdf           200, application/pdf
    /moved/N            301 to /moved/N-1; /moved/0 is 301 to /anchors
    /permanent          308 to /ok
    /temporary          302 to /ok
    /loop/a, /loop/b    301 to each other
    /chain/N            302 to /chain/N-1 … /chain/0 is 200
    /no-location        302 with no Location header
    /offsite            301 to http://localhost:<port>/ok (another host name)
    /missing, /gone     404, 410
    /limited            429 with Retry-After: 1 the first time, then 200
    /limited-forever    429 with Retry-After: 120, always
    /flaky              500 the first time, then 200
    /error              500, always
    /slow               answers after SLOW seconds
    /blocked, /bot      403, 999
    /head-refused       405 to HEAD, 200 to GET
    /page/N             200 (for benchmarks)
    /pause/N            200 after PAUSE seconds, so that requests overlap
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SLOW = 3.0
PAUSE = 0.05
PAGE = b"<!doctype html><html><head><title>ok</title></head><body><p>ok</p></body></html>"
ANCHORS = (b'<!doctype html><html><head><title>anchors</title></head><body>'
           b'<h2 id="here">Here</h2><a name="named">named</a></body></html>')


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers):
        self.send_response(status, "Request Denied" if status == 999 else None)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _answer(self, body: bool):
        owner = self.server.owner
        host = (self.headers.get("Host") or "").split(":")[0]
        group = f"{host}?{urlsplit(self.path).query}"  # in-flight counts per host and query string
        with owner.lock:
            owner.log.append((self.command, self.path, host))
            owner.in_flight[group] += 1
            owner.max_in_flight[group] = max(owner.max_in_flight[group], owner.in_flight[group])
            owner.hits[self.path] += 1
            hits = owner.hits[self.path]
        try:
            self._route(urlsplit(self.path).path, hits, owner)
        finally:
            with owner.lock:
                owner.in_flight[group] -= 1

    def _route(self, path: str, hits: int, owner: "LinkServer"):
        parts = path.strip("/").split("/")
        if path == "/ok" or parts[0] == "page":
            self._send(200, PAGE)
        elif parts[0] == "pause":
            time.sleep(PAUSE)
            self._send(200, PAGE)
        elif path == "/anchors":
            self._send(200, ANCHORS)
        elif path == "/file.pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        elif parts[0] == "moved" and len(parts) == 2:
            n = int(parts[1])
            self._send(301, Location=f"/moved/{n - 1}" if n > 0 else "/anchors")
        elif path == "/permanent":
            self._send(308, Location="/ok")
        elif path == "/temporary":
            self._send(302, Location="/ok")
        elif parts[0] == "loop":
            self._send(301, Location="/loop/b" if parts[-1] == "a" else "/loop/a")
        elif parts[0] == "chain":
            n = int(parts[1])
            self._send(302, Location=f"/chain/{n - 1}") if n > 0 else self._send(200, PAGE)
        elif path == "/no-location":
            self._send(302)
        elif path == "/offsite":
            self._send(301, Location=f"http://localhost:{owner.port}/ok")
        elif path == "/missing":
            self._send(404, b"not found")
        elif path == "/gone":
            self._send(410, b"gone")
        elif path == "/limited":
            self._send(429, Retry_After="1") if hits == 1 else self._send(200, PAGE)
        elif path == "/limited-forever":
            self._send(429, Retry_After="120")
        elif path == "/flaky":
            self._send(500) if hits == 1 else self._send(200, PAGE)
        elif path == "/error":
            self._send(500)
        elif path == "/slow":
            time.sleep(SLOW)
            self._send(200, PAGE)
        elif path == "/blocked":
            self._send(403, b"forbidden")
        elif path == "/bot":
            self._send(999)
        elif path == "/head-refused":
            self._send(405, Allow="GET") if self.command == "HEAD" else self._send(200, PAGE)
        else:
            self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    owner: "LinkServer"


class LinkServer:
    """`with LinkServer() as server: server.url("/ok")` -> 'http://127.0.0.1:PORT/ok'."""

    def __init__(self):
        self.lock = threading.Lock()
        self.log: list[tuple[str, str, str]] = []  # (method, path, host) of every request
        self.hits: Counter = Counter()
        self.in_flight: Counter = Counter()  # "host?query" -> requests being answered
        self.max_in_flight: Counter = Counter()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def requests(self, path: str | None = None) -> int:
        with self.lock:
            return sum(1 for _, p, _ in self.log if path is None or p == path)

    def __enter__(self) -> "LinkServer":
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
