"""Security headers: the CSP is derived from the built pages and admits every script they run."""

from __future__ import annotations

import pytest

from scripts.publishing import headers
from scripts.core import html as htmlpage
from scripts.core.project import Project
from scripts.core.session import Session
from scripts.core.report import Report
from tests.miniproject import MKDOCS
from tests.browsersite import site_search
from tests.siteserver import SiteServer

# Records every CSP violation before any page script runs (init scripts are exempt from CSP).
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + (event.sample ? `: ${event.sample}` : ""));
});
"""


def served_headers(site) -> dict[str, str]:
    """The headers site/_headers gives every path (what Netlify or Cloudflare would send)."""
    lines = (site / headers.HEADERS_FILE).read_text(encoding="utf-8").splitlines()
    assert "/*" in lines, "_headers should apply to every path"
    return dict(line.strip().split(": ", 1) for line in lines[lines.index("/*") + 1:] if line.startswith("  "))


def test_known_hash():
    # The example of the CSP specification (and MDN).
    assert headers.digest("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_only_scripts_the_browser_runs_are_hashed():
    html = """
    <script>one()</script>
    <script type="module">two()</script>
    <script type="text/javascript">three()</script>
    <script src="x.js"></script>
    <script id="__config" type="application/json">{"a": 1}</script>
    <script type="application/ld+json">{"@context": "https://schema.org"}</script>
    """
    assert headers.inline_scripts(html) == ["one()", "two()", "three()"]


def test_markup_the_policy_blocks_is_found():
    html = '<p style="color: red">x</p>\n<a href="javascript:go()">y</a>\n<button onclick="go()">z</button>\n<style>p{}</style>'
    assert [line for line, _, _ in headers.blocked_markup(html)] == [1, 2, 3, 4]


def test_headers_file_admits_exactly_the_inline_scripts_of_the_site(built_site):
    served = served_headers(built_site)
    csp = served["Content-Security-Policy"]
    found = headers.script_hashes(built_site)
    assert found, "Material's pages have inline scripts; none were found"
    for source in found:
        assert source in csp
    assert csp.count("'sha256-") == len(found)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    for name in ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert served[name]


def test_a_stale_nginx_example_is_reported_with_the_new_hash(project_copy):
    expected = headers.policy(["'sha256-AAAA'", "'sha256-BBBB'"])
    (project_copy.root / "deploy").mkdir(exist_ok=True)
    (project_copy.root / project_copy.settings.nginx_conf).write_text(
        headers.nginx_conf(headers.policy(["'sha256-AAAA'"]), project_copy), encoding="utf-8")
    [error] = headers.nginx_drift(project_copy, expected)
    assert str(error).startswith("deploy/nginx.conf:")
    assert error.hint == "run: make headers"
    assert error.detail == "+ 'sha256-BBBB' (new inline script)"
    (project_copy.root / project_copy.settings.nginx_conf).write_text(headers.nginx_conf(expected, project_copy),
                                                                     encoding="utf-8")
    assert headers.nginx_drift(project_copy, expected) == []


def test_the_committed_nginx_example_matches_the_built_site(built_site, project):
    assert headers.nginx_drift(project, headers.policy(headers.script_hashes(built_site))) == [], \
        "run: make headers"


def page_paths(site) -> list[str]:
    """Every built page's URL path, plus an unknown address in each language (its 404 page)."""
    paths = []
    for path in htmlpage.site_pages(site):
        rel = path.relative_to(site).as_posix()
        if rel.endswith("404.html"):
            continue
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths + ["no-existe/", "en/no-existe/"]


class Visitor:
    """One browser tab that records CSP violations (events and console) for each page it opens."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.add_init_script(LISTEN)
        self.tab = self.context.new_page()
        self.console: list[str] = []
        self.tab.on("console", lambda msg: self.console.append(msg.text)
                    if "Content Security Policy" in msg.text else None)

    def open(self, url: str) -> tuple[list[str], bool]:
        """Violations on the page, and whether Material's JavaScript started."""
        self.console.clear()
        self.tab.goto(url, wait_until="load")
        started = self.tab.evaluate("typeof window.document$ !== 'undefined' && typeof window.__md_get === 'function'")
        return self.tab.evaluate("window.__violations") + self.console, started

    def search(self, word: str) -> list[str]:
        """Open the search and type: loads the engine, the matching rules and the index."""
        site_search(self.tab, word)
        return self.tab.evaluate("window.__violations") + self.console

    def close(self):
        self.context.close()


@pytest.mark.browser
def test_the_policy_admits_every_script_the_pages_use(built_site, browser):
    problems = {}
    with SiteServer(built_site, headers=served_headers(built_site)) as server:
        visitor = Visitor(browser)
        try:
            for path in page_paths(built_site):
                violations, started = visitor.open(server.url + path)
                if violations or not started:
                    problems[path] = violations or ["Material's JavaScript did not start"]
            for home in ("", "en/"):  # search loads its scripts and fetches its index
                visitor.open(server.url + home)
                if violations := visitor.search("clave"):
                    problems[f"{home} (search)"] = violations
        finally:
            visitor.close()
    assert not problems, "CSP violations:\n" + "\n".join(f"/{p}: {v}" for p, v in problems.items())


@pytest.mark.browser
def test_without_the_hashes_the_inline_scripts_are_blocked(built_site, browser):
    """The control: the listener does see violations when the policy lacks the hashes."""
    strict = dict(served_headers(built_site), **{"Content-Security-Policy": headers.policy([])["Content-Security-Policy"]})
    with SiteServer(built_site, headers=strict) as server:
        visitor = Visitor(browser)
        violations, _ = visitor.open(server.url)
        visitor.close()
    assert any(v.startswith("script-src-elem blocked inline") for v in violations), violations




def test_site_check_points_at_the_page_with_markup_the_policy_blocks(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    for code in ("es", "en"):
        (tmp_path / "docs" / code).mkdir(parents=True)
        (tmp_path / "docs" / code / "a.md").write_text("# A {#a}\n\nTexto.\n", encoding="utf-8")
    (tmp_path / "docs" / "es" / "a.md").write_text('# A {#a}\n\n<p style="color: red">Rojo</p>\n', encoding="utf-8")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<html>\n<body>\n<p style="color: red">Rojo</p>\n', encoding="utf-8")
    (site / "404.html").write_text('<html>\n<button onclick="x()">x</button>\n', encoding="utf-8")
    report = Report()
    headers.check_site(Session(Project(tmp_path)), site, report)
    hint = ("(use a class from docs/assets/stylesheets/ or a script file in docs/assets/javascripts/)")
    assert [str(e) for e in report.errors if "blocked" in str(e)] == [
        "site/404.html:2: <button onclick=…> (an inline event handler) is blocked by the "
        f"Content-Security-Policy {hint}",
        f"docs/es/a.md:3: <p style=…> (an inline style) is blocked by the Content-Security-Policy {hint}",
    ]
