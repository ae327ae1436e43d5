"""The HTTP security headers of the published site, derived from the built pages.

The Content-Security-Policy allows only the site's own origin. Material puts a few
small scripts inline in every page; each is allowed by its SHA-256 hash, read from the
built HTML, so the policy follows the theme without anyone copying hashes by hand:

- the post-build pass (scripts/publishing/postbuild.py) writes `site/_headers` (Netlify
  and Cloudflare Pages read it) after every build;
- the nginx example (setting `nginx_conf`, `deploy/nginx.conf` here) is committed; `make
  check` fails when its headers differ from the built site's, and `make headers` rewrites
  it. Its root folder, server name and language folders come from the settings and
  mkdocs.yml, not from this module.

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
from pathlib import Path
from urllib.parse import urlsplit

from scripts.core import build
from scripts.core import html as htmlpage
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project
from scripts.core.report import Report
from scripts.core.site import BuiltSite

HEADERS_FILE = "_headers"

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


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, exactly as written, outside the
    page's content (only the theme's own scripts are allowed by hash)."""
    return htmlpage.theme_scripts(html)


def digest(script: str) -> str:
    """The CSP source for one inline script: 'sha256-<base64>' of its UTF-8 text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def script_hashes(site) -> list[str]:
    """Every distinct inline-script hash in a built site (a folder, or the session's BuiltSite,
    which reads each page once), sorted."""
    if isinstance(site, (str, Path)):
        site = BuiltSite(Path(site))
    return sorted({digest(script) for path in site.html_files()
                   for script in htmlpage.theme_scripts(site.text(path))})


def blocked_markup(html: str) -> list[tuple[int, str, str]]:
    """(line, what, text to look for in the source) of the markup a strict CSP blocks."""
    return htmlpage.parse(Path("page.html"), html).blocked


def policy(hashes: list[str]) -> dict[str, str]:
    """The headers every response gets, with the CSP allowing these inline-script hashes."""
    directives = dict(CSP, **{"script-src": CSP["script-src"] + list(hashes)})
    csp = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    return {"Content-Security-Policy": csp, **OTHER_HEADERS}


def headers_file(headers: dict[str, str]) -> str:
    """`_headers` for Netlify and Cloudflare Pages: every path gets every header."""
    lines = ["# Security headers for Netlify and Cloudflare Pages. Written after the build by",
             "# scripts/publishing/postbuild.py from the built pages (see scripts/publishing/headers.py).",
             "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def nginx_conf(headers: dict[str, str], project: Project) -> str:
    """An nginx server block that serves the built site with the same headers. The root
    folder, server name and example URL are settings; each language folder has its own
    'page not found' page."""
    settings = project.settings
    host = urlsplit(settings.nginx_example_url).hostname
    add = [f'    add_header {name} "{value}" always;' for name, value in headers.items()]
    others = [lang for lang in project.languages if lang.prefix]
    locations = []
    for lang in others:
        locations += [f"    location /{lang.prefix} {{",
                      f"        error_page 404 /{lang.prefix}{settings.not_found_page};",
                      "        try_files $uri $uri/ =404;",
                      "    }"]
    return "\n".join([
        "# Example nginx server for the built site. Generated by `make headers` from the built",
        "# pages (scripts/publishing/headers.py); `make check` fails when it no longer matches them.",
        "# It serves the site at the root of its host (the CSP hashes depend on that path).",
        "# Adapt the certificate paths; the root and server name are settings in mkdocs.yml.",
        "server {",
        "    listen 443 ssl;",
        "    listen [::]:443 ssl;",
        "    http2 on;",
        f"    server_name {host};",
        f"    ssl_certificate     /etc/ssl/certs/{host}.pem;",
        f"    ssl_certificate_key /etc/ssl/private/{host}.key;",
        "",
        f"    root {settings.nginx_root};",
        "    index index.html;",
        "    charset utf-8;",
        "    gzip on;",
        "    gzip_types text/css application/javascript application/json image/svg+xml application/xml;",
        "",
        "    # add_header here applies to every location below that has no add_header of its own.",
        *add,
        "",
        "    # Each language has its own 'page not found' page.",
        f"    error_page 404 /{settings.not_found_page};",
        *locations,
        "    location / {",
        "        try_files $uri $uri/ =404;",
        "    }",
        "}",
        "",
        "server {",
        "    listen 80;",
        "    listen [::]:80;",
        f"    server_name {host};",
        "    return 301 https://$host$request_uri;",
        "}",
    ]) + "\n"


# ---------------------------------------------------------------------------
# Checks


def check_site(session, site_dir: Path, report: Report) -> None:
    """The built pages use nothing the CSP blocks; _headers and the nginx example match them."""
    from scripts.core.site import source_of

    project = session.project
    site = session.site(site_dir)
    for path in site.html_files():
        page = site.page(path)
        found = [(line, what, attribute) for line, what, attribute in page.blocked]
        found += [(line, "an inline <script> in the page's content", "<script") for line in page.content_scripts]
        for line, what, attribute in found:
            where, line = _where(project, site, path, line, attribute, source_of(project, site, path))
            report.error(ContentError(
                where, line, f"{what} is blocked by the Content-Security-Policy",
                "use a class from docs/assets/stylesheets/ or a script file in docs/assets/javascripts/"))
        # Whatever the browser loads (not a link it may follow) comes from this site only.
        for ref in page.references:
            if not ref.is_navigation and _other_host(ref.url):
                where, line = _where(project, site, path, ref.line, ref.url, source_of(project, site, path))
                report.error(ContentError(
                    where, line, f"<{ref.tag} {ref.attr}=\"{ref.url}\"> loads from another host, which the "
                    "Content-Security-Policy blocks (and which would see every reader)",
                    "put the file in docs/assets/ and point to it there"))
    for css in sorted(site_dir.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in _CSS_URL_RE.finditer(text):
            report.error(ContentError(project.rel(css), text.count("\n", 0, match.start()) + 1,
                                      f"{match.group(1)} loads from another host, which the Content-Security-Policy "
                                      "blocks", "put the file in docs/assets/ and point to it there"))
    expected = policy(script_hashes(site))
    built = site_dir / HEADERS_FILE
    if not built.is_file() or built.read_text(encoding="utf-8") != headers_file(expected):
        report.error(ContentError(f"{project.rel(site_dir)}/{HEADERS_FILE}", None,
                                  "missing or does not match the built pages",
                                  "build with make build: the post-build pass writes it"))
    root = urlsplit(project.site_url).path
    if root == "/":
        report.error(*nginx_drift(project, expected))
    else:  # the example serves a site at the root of its host; so do its hashes
        report.note(f"{project.settings.nginx_conf} not compared: this build is for {root}, the example for /")


_CSS_URL_RE = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)")


def _other_host(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def _where(project: Project, site, built: Path, line: int, attribute: str,
           source: str | None) -> tuple[str, int | None]:
    """The Markdown page and line to fix when it is found there, else the built file and line."""
    if source is None:
        return project.rel(built), line
    for number, text in enumerate((project.root / source).read_text(encoding="utf-8").splitlines(), start=1):
        if attribute in text.lower():
            return source, number
    return source, None


def _without_hashes(text: str) -> str:
    return re.sub(r" +", " ", _HASH_RE.sub("", text))


def nginx_drift(project: Project, expected: dict[str, str]) -> list[ContentError]:
    name = project.settings.nginx_conf
    path = project.root / name
    want = nginx_conf(expected, project)
    have = path.read_text(encoding="utf-8") if path.is_file() else ""
    if have == want:
        return []
    if not have:
        return [ContentError(name, None, "does not exist", "run: make headers")]
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
    return [ContentError(name, first + 1, message, "run: make headers", "\n".join(detail))]


def main(argv: list[str]) -> int:
    project = Project.here()
    name = project.settings.nginx_conf
    parser = argparse.ArgumentParser(prog="make headers", description=(
        f"Build the site into a temporary folder and rewrite {name} with the security "
        "headers of the built pages (the CSP hashes of their inline scripts)."))
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="read this already built site instead of building one (default: build)")
    args = parser.parse_args(argv)
    if args.site_dir:
        hashes = script_hashes(BuiltSite(args.site_dir))
    else:
        with tempfile.TemporaryDirectory(prefix="headers-") as tmp:
            # The example serves the site at the root of its host: build it for one.
            status, lines = build.run(project, site_dir=Path(tmp),
                                      extra_env={"SITE_URL": project.settings.nginx_example_url})
            if status != 0:
                raise ContentErrors(build.problems(lines, project) or [
                    ContentError("mkdocs.yml", None, "the strict build failed", "see the messages above")])
            hashes = script_hashes(BuiltSite(Path(tmp)))
    path = project.root / name
    text = nginx_conf(policy(hashes), project)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        print(f"{name} is up to date ({len(hashes)} inline script hash(es))")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {name} ({len(hashes)} inline script hash(es))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
