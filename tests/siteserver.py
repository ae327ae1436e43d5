"""A small static server for the built site, on 127.0.0.1, as a real host would serve it.

- directory URLs map to index.html; unknown paths get the site's 404.html with status 404;
- responses are gzip-compressed when the browser asks for it (so transfer sizes are real);
- optional extra headers on every response (for example the security headers).
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, root: Path, headers: dict[str, str], log: list, **kwargs):
        self.root, self.extra_headers, self.request_log = root, headers, log
        super().__init__(*args, **kwargs)

    def log_message(self, *args):  # keep test output clean
        pass

    def _resolve(self) -> tuple[int, Path | None]:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return 404, None
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None
            target = target / "index.html"
        if target.is_file():
            return 200, target
        return 404, None

    def do_HEAD(self):
        self._serve(body=False)

    def do_GET(self):
        self._serve(body=True)

    def _serve(self, body: bool):
        self.request_log.append(self.path)
        status, target = self._resolve()
        if status == 301:
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None:
            lang_404 = self.root / self.path.lstrip("/").split("/")[0] / "404.html"
            target = lang_404 if lang_404.is_file() else self.root / "404.html"
            if not target.is_file():
                self.send_error(404)
                return
        data = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if "gzip" in (self.headers.get("Accept-Encoding") or "") and ctype.startswith(COMPRESSIBLE):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "public, max-age=600")
        for key, value in self.extra_headers.items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


class SiteServer:
    """`with SiteServer(site_dir) as server: server.url` -> 'http://127.0.0.1:PORT/'."""

    def __init__(self, root: Path, headers: dict[str, str] | None = None):
        self.root = Path(root).resolve()
        self.requests: list[str] = []
        handler = partial(_Handler, root=self.root, headers=headers or {}, log=self.requests)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
