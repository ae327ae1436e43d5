"""The HTTP security headers of the published site, derived from the built pages.

The Content-Security-Policy allows only the site's own origin. Material puts a few
small scripts inline in every page; each is allowed by its SHA-256 hash, read from the
built HTML, so the policy follows the theme without anyone copying hashes by hand:

- the MkDocs hook `scripts/hooks/publishing.py` writes `site/_headers` (Netlify and
  Cloudflare Pages read it) at the end of every build;
- `deploy/nginx.conf` is a committed example for nginx; `make check` fails when its
  headers differ from the built site's, and `make headers` rewrites it.

Script elements that are data, not code (`type="application/json"`, `application/ld+json`),
are never executed, so they need no hash. GitHub Pages cannot send headers: there only
its own HSTS applies.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import hashlib
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from scripts.core import build
from scripts.core.errors import ContentError
from scripts.core.pages import all_pages
from scripts.core.project import Project
from scripts.core.report import Report

NGINX_EXAMPLE = "deploy/nginx.conf"
EXAMPLE_URL = "https://guia.example.org/"  # the example's site: at the root of its host
HEADERS_FILE = "_headers"

# Script types the browser executes (an absent or empty type means JavaScript).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                    "application/ecmascript"}

# Every directive written out, so no fetch falls back to a wider default.
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + one hash per inline script of the built pages
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its CSS
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # the search index
    "worker-src": ["'self'"],  # the search worker
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
OTHER_HEADERS = {
    # One year; no includeSubDomains or preload: the host's other subdomains are not ours.
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    # No analytics, nothing to learn from referrers: other sites are not told where readers came from.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "browsing-topics")),
    "X-Frame-Options": "DENY",  # frame-ancestors for older browsers
}

_HASH_RE = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")
_SCRIPT_RE = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_ATTR_RE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next((g for g in m.group(2, 3, 4) if g is not None), "")
            for m in _ATTR_RE.finditer(text)}


_ARTICLE_RE = re.compile(r"<article\b.*?</article\s*>", re.S | re.I)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, exactly as written, outside the
    page's content: only the theme's own scripts are allowed by hash. A script a page brings
    gets no hash, so the browser blocks it (and `make check` reports it at the page's line)."""
    out = []
    html = _ARTICLE_RE.sub("", html)
    for match in _SCRIPT_RE.finditer(html):
        attrs = _attributes(match.group("attrs"))
        if "src" in attrs:
            continue
        if attrs.get("type", "").strip().lower() in EXECUTABLE_TYPES:
            out.append(match.group("body"))
    return out


def digest(script: str) -> str:
    """The CSP source for one inline script: 'sha256-<base64>' of its UTF-8 text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def script_hashes(site_dir: Path) -> list[str]:
    """Every distinct inline-script hash in the built site, sorted."""
    found = set()
    for path in sorted(site_dir.rglob("*.html")):
        found.update(digest(s) for s in inline_scripts(path.read_text(encoding="utf-8")))
    return sorted(found)


def policy(hashes: list[str]) -> dict[str, str]:
    """The headers every response gets, with the CSP allowing these inline-script hashes."""
    directives = dict(CSP, **{"script-src": CSP["script-src"] + list(hashes)})
    csp = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    return {"Content-Security-Policy": csp, **OTHER_HEADERS}


def headers_file(headers: dict[str, str]) -> str:
    """`_headers` for Netlify and Cloudflare Pages: every path gets every header."""
    lines = ["# Security headers for Netlify and Cloudflare Pages. Written at build time by",
             "# scripts/hooks/publishing.py from the built pages (see scripts/headers.py).",
             "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def nginx_conf(headers: dict[str, str]) -> str:
    """An nginx server block that serves site/ with the same headers."""
    add = [f'    add_header {name} "{value}" always;' for name, value in headers.items()]
    return "\n".join([
        "# Example nginx server for the built site (site/). Generated by `make headers` from the",
        "# built pages (scripts/headers.py); `make check` fails when it no longer matches them.",
        "# It serves the site at the root of its host (the CSP hashes depend on that path).",
        "# Adapt server_name, root and the certificate paths; keep the headers as they are.",
        "server {",
        "    listen 443 ssl;",
        "    listen [::]:443 ssl;",
        "    http2 on;",
        f"    server_name {urlsplit(EXAMPLE_URL).hostname};",
        "    ssl_certificate     /etc/ssl/certs/guia.example.org.pem;",
        "    ssl_certificate_key /etc/ssl/private/guia.example.org.key;",
        "",
        "    root /srv/guia-clave-iess/site;",
        "    index index.html;",
        "    charset utf-8;",
        "    gzip on;",
        "    gzip_types text/css application/javascript application/json image/svg+xml application/xml;",
        "",
        "    # add_header here applies to every location below that has no add_header of its own.",
        *add,
        "",
        "    # Each language has its own 'page not found' page.",
        "    error_page 404 /404.html;",
        "    location /en/ {",
        "        error_page 404 /en/404.html;",
        "        try_files $uri $uri/ =404;",
        "    }",
        "    location / {",
        "        try_files $uri $uri/ =404;",
        "    }",
        "}",
        "",
        "server {",
        "    listen 80;",
        "    listen [::]:80;",
        f"    server_name {urlsplit(EXAMPLE_URL).hostname};",
        "    return 301 https://$host$request_uri;",
        "}",
    ]) + "\n"


# ---------------------------------------------------------------------------
# Checks


class _Attributes(HTMLParser):
    """Collects inline event handlers and style attributes, which the CSP blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocked: list[tuple[int, str, str]] = []  # line, what, the text to look for in the source

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self.blocked.append((line, f"<{tag} {name}=…> (an inline event handler)", f"{name}="))
            elif name == "style":
                self.blocked.append((line, f"<{tag} style=…> (an inline style)", "style="))
            elif name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append((line, f"<{tag} {name}=javascript:…>", "javascript:"))
        if tag == "style":
            self.blocked.append((line, "<style> (an inline style sheet)", "<style"))


def blocked_markup(html: str) -> list[tuple[int, str, str]]:
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.blocked


def _sources(project: Project, site_dir: Path) -> dict[Path, Path]:
    """Built page -> the Markdown page it comes from."""
    out = {}
    for code, pages in all_pages(project).items():
        prefix = project.language(code).prefix
        for page in pages:
            out[(site_dir / prefix / page.url / "index.html").resolve()] = page.path
    return out


def _where(project: Project, site_dir: Path, built: Path, line: int, attribute: str,
           sources: dict[Path, Path]) -> tuple[str, int | None]:
    """The Markdown page and line to fix when it is found there, else the built file and line."""
    source = sources.get(built.resolve())
    if source is None:
        return f"{project.rel(site_dir)}/{built.relative_to(site_dir).as_posix()}", line
    for number, text in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if attribute in text.lower():
            return project.rel(source), number
    return project.rel(source), None


def check_site(project: Project, site_dir: Path, report: Report) -> None:
    """The built pages use nothing the CSP blocks; _headers and the nginx example match them."""
    sources = _sources(project, site_dir)
    for path in sorted(site_dir.rglob("*.html")):
        for line, what, attribute in blocked_markup(path.read_text(encoding="utf-8")):
            where, line = _where(project, site_dir, path, line, attribute, sources)
            report.error(ContentError(
                where, line, f"{what} is blocked by the Content-Security-Policy",
                "use a class from docs/assets/stylesheets/ or a script file in docs/assets/javascripts/"))
    expected = policy(script_hashes(site_dir))
    built = site_dir / HEADERS_FILE
    if not built.is_file() or built.read_text(encoding="utf-8") != headers_file(expected):
        report.error(ContentError(f"{project.rel(site_dir)}/{HEADERS_FILE}", None,
                                  "missing or does not match the built pages",
                                  "check that scripts/hooks/publishing.py is listed under hooks in mkdocs.yml"))
    root = urlsplit(project.site_url).path
    if root == "/":
        report.error(*nginx_drift(project, expected))
    else:  # the example serves a site at the root of its host; so do its hashes
        report.note(f"{NGINX_EXAMPLE} not compared: this build is for {root}, the example for /")


def _without_hashes(text: str) -> str:
    return re.sub(r" +", " ", _HASH_RE.sub("", text))


def nginx_drift(project: Project, expected: dict[str, str]) -> list[ContentError]:
    path = project.root / NGINX_EXAMPLE
    want = nginx_conf(expected)
    have = path.read_text(encoding="utf-8") if path.is_file() else ""
    if have == want:
        return []
    if not have:
        return [ContentError(NGINX_EXAMPLE, None, "does not exist", "run: make headers")]
    old, new = have.splitlines(), want.splitlines()
    first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    old_hashes, new_hashes = set(_HASH_RE.findall(have)), set(_HASH_RE.findall(want))
    if old_hashes != new_hashes and _without_hashes(have) == _without_hashes(want):
        message = "its CSP hashes differ from the inline scripts of the built pages"
        detail = [f"+ {h} (new inline script)" for h in sorted(new_hashes - old_hashes)]
        detail += [f"- {h} (no longer in any page)" for h in sorted(old_hashes - new_hashes)]
    else:
        message = "differs from the headers of the built pages"
        diff = list(difflib.unified_diff(old, new, "committed", "built", n=0, lineterm=""))[2:]
        detail = [line[:160] + ("…" if len(line) > 160 else "") for line in diff[:8]]
    return [ContentError(NGINX_EXAMPLE, first + 1, message, "run: make headers", "\n".join(detail))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make headers", description=(
        f"Build the site into a temporary folder and rewrite {NGINX_EXAMPLE} with the security "
        "headers of the built pages (the CSP hashes of their inline scripts)."))
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="read this already built site instead of building one (default: build)")
    args = parser.parse_args(argv)
    project = Project.here()
    if args.site_dir:
        hashes = script_hashes(args.site_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="headers-") as tmp:
            # The example serves the site at the root of its host: build it for one.
            status, _ = build.run(project, site_dir=Path(tmp), extra_env={"SITE_URL": EXAMPLE_URL})
            if status != 0:
                raise ContentError("mkdocs.yml", None, "the strict build failed", "see the messages above")
            hashes = script_hashes(Path(tmp))
    path = project.root / NGINX_EXAMPLE
    text = nginx_conf(policy(hashes))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        print(f"{NGINX_EXAMPLE} is up to date ({len(hashes)} inline script hash(es))")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {NGINX_EXAMPLE} ({len(hashes)} inline script hash(es))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
