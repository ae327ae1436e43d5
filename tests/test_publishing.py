"""What a host needs besides the pages: 404 pages, sitemap, robots.txt, and the CI workflows."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from scripts.core import build
from scripts.core import facts as catalog
from scripts.core import html as htmlpage
from scripts.core.pages import pairs
from tests.conftest import ROOT, copy_project

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
PROJECT_SITE = "https://example.org/guia/"  # a GitHub Pages project site: not at the host's root


def sitemap(site: Path) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} from sitemap.xml."""
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        url.find("sm:loc", NS).text: {link.get("hreflang"): link.get("href")
                                      for link in url.findall("xhtml:link", NS) if link.get("rel") == "alternate"}
        for url in root.findall("sm:url", NS)
    }


def expected_urls(project, base: str) -> set[str]:
    out = set()
    for rel, versions in pairs(project).items():
        for code, page in versions.items():
            out.add(base + project.language(code).prefix + page.url)
    return out


def test_sitemap_lists_every_page_in_every_language_with_absolute_alternates(built_site, project):
    entries = sitemap(built_site)
    base = project.site_url
    assert set(entries) == expected_urls(project, base)
    for loc, alternates in entries.items():
        assert set(alternates) == set(project.codes), f"{loc}: alternates {sorted(alternates)}"
        assert loc in alternates.values(), f"{loc} is not among its own alternates"
        for href in alternates.values():
            assert href.startswith(base), href
            assert entries[href] == alternates, f"{href} and {loc} should list the same alternates"


def test_robots_txt_points_to_the_absolute_sitemap(built_site, project):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in text
    assert re.search(rf"^Sitemap: {re.escape(project.site_url)}sitemap\.xml$", text, re.M), text


def ui(project, code: str) -> dict[str, str]:
    return catalog.load(project).site.strings(code)


def test_each_language_has_its_own_404_page(built_site, project):
    for lang in project.languages:
        path = built_site / lang.prefix / "404.html"
        page = htmlpage.parse(path)
        text = path.read_text(encoding="utf-8")
        strings = ui(project, lang.code)
        assert page.lang == lang.code
        assert strings["not_found_title"] in text
        assert page.title.startswith(strings["not_found_title"].rstrip("."))
        assert '<meta name="robots" content="noindex">' in text
        links = {ref.url for ref in page.references if ref.tag == "a"}
        home = "/" + lang.prefix
        assert home in links, f"{lang.code} 404 has no link to {home}"
        for other in project.languages:
            if other.code != lang.code:
                assert any(r.url == "/" + other.prefix and r.hreflang == other.code for r in page.references), \
                    f"{lang.code} 404 has no link to the {other.code} guide"
        # Every page of the navigation is offered, and every such link exists.
        pages = [r.url for r in page.references if r.tag == "a" and r.url.startswith("/" + lang.prefix)
                 and r.url.endswith("/") and r.url != home]
        assert len(set(pages)) >= len(pairs(project)) - 1
        for url in pages:
            assert (built_site / url.lstrip("/") / "index.html").is_file(), f"{lang.code} 404 links to missing {url}"


def test_the_one_404_page_of_github_pages_helps_in_every_language(built_site, project):
    """GitHub Pages serves the root 404.html for every address, /en/ ones too: it has a line
    in each language, with that language's start and topic index."""
    path = built_site / "404.html"
    page = htmlpage.parse(path)
    text = path.read_text(encoding="utf-8")
    for lang in project.languages:
        strings = ui(project, lang.code)
        assert strings["not_found_title"] in text and strings["search_topics"] in text, lang.code
        for url in ("/" + lang.prefix, "/" + lang.prefix + "indice/"):
            assert any(r.url == url for r in page.references if r.tag == "a"), f"no link to {url}"
            assert (built_site / url.lstrip("/") / "index.html").is_file(), url
    assert text.count('<div lang="') == len(project.languages) - 1


def test_no_english_theme_string_on_a_spanish_page(built_site, project):
    """No page in Spanish says or hides English text from the theme (the footer's "Made with",
    "Permanent link", "Copy to clipboard"…): the check of make check, on the built site."""
    from scripts.publishing import theme_strings

    assert {"Made with", "Permanent link", "Redirecting"} <= set(theme_strings.english_strings("es"))
    assert theme_strings.english_strings("es") and theme_strings.find("<p>Made with</p>", "en") == []
    sample = '<footer>\n<div class="md-copyright">Made with\n<a href="x" title="Permanent link">¶</a></div>'
    assert theme_strings.find(sample, "es") == [(2, "Made with"), (3, "Permanent link")]
    assert theme_strings.find("<p>Hecha con Material for MkDocs</p><script>var s = 'Search'</script>", "es") == []
    for path in sorted(built_site.rglob("*.html")):
        page = htmlpage.parse(path)
        if page.lang == "es":
            assert theme_strings.find(path.read_text(encoding="utf-8"), "es") == [], path


def test_the_test_server_answers_404_with_the_page_of_the_language(site_server, project):
    for lang in project.languages:
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(site_server.url + lang.prefix + "no-existe/")
        assert caught.value.code == 404
        body = caught.value.read().decode("utf-8")
        assert f'<html lang="{lang.code}"' in body


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    """The site built for a GitHub Pages project address (a path under the host)."""
    tmp = tmp_path_factory.mktemp("project-site")
    project = copy_project(tmp / "src")
    status, output = build.run(project, site_dir=tmp / "site", extra_env={"SITE_URL": PROJECT_SITE})
    assert status == 0, "".join(output)
    return project, tmp / "site"


@pytest.mark.slow
def test_a_project_site_gets_its_own_absolute_urls(project_site):
    project, site = project_site
    entries = sitemap(site)
    assert entries and all(loc.startswith(PROJECT_SITE) for loc in entries)
    assert f"Sitemap: {PROJECT_SITE}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    for lang in project.languages:
        page = htmlpage.parse(site / lang.prefix / "404.html")
        assert any(r.url == f"/guia/{lang.prefix}" for r in page.references if r.tag == "a")
        assets = [r.url for r in page.references if r.tag in ("script", "link") and r.attr in ("src", "href")
                  and not r.is_navigation]
        assert assets and all(url.startswith("/guia/") for url in assets), assets


# ---------------------------------------------------------------------------
# CI workflows

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_pin_actions_and_use_least_privilege(path):
    text = path.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow.get("permissions") == {"contents": "read"}, "default to read-only at the top"
    for name, job in flow["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{name}: pin {step['uses']} to a full commit ID"
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"say which version a commit ID is: {line.strip()}"
    secrets = set(re.findall(r"secrets\.(\w+)", text))
    assert secrets <= {"GITHUB_TOKEN"}, f"no secret beyond the default token: {secrets}"


def test_pull_requests_run_make_test_and_upload_the_reports():
    flow = workflow("test.yml")
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as True
    [job] = flow["jobs"].values()
    assert job.get("container", "").startswith("debian:")
    runs = [s.get("run", "") for s in steps(job)]
    assert any(r.strip() == ".ci/run" for r in runs)
    [upload] = [s for s in steps(job) if "upload-artifact" in s.get("uses", "")]
    assert upload["if"] == "always()" and upload["with"]["path"] == "reports/"


def test_main_is_published_to_pages_with_its_address():
    flow = workflow("publish.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    build_job, deploy_job = flow["jobs"]["build"], flow["jobs"]["deploy"]
    uses = [s.get("uses", "").split("@")[0] for s in steps(build_job) + steps(deploy_job)]
    assert uses == ["actions/checkout", "actions/configure-pages", "", "actions/upload-pages-artifact",
                    "actions/deploy-pages"]
    release = next(s for s in steps(build_job) if s.get("run") == "make release")
    assert release["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pages" not in build_job["permissions"] or build_job["permissions"]["pages"] == "read"


def test_links_are_checked_weekly_and_reported_in_an_issue():
    flow = workflow("linkcheck.yml")
    assert flow[True]["schedule"] and "workflow_dispatch" in flow[True]
    [job] = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    text = (ROOT / ".github" / "workflows" / "linkcheck.yml").read_text(encoding="utf-8")
    assert "make linkcheck" in text and "reports/linkcheck.md" in text
    assert "gh issue create" in text and "gh issue edit" in text


def test_our_stylesheets_are_minified_in_the_built_site_and_mean_the_same(built_site, project):
    from scripts.publishing.postbuild import minify_css

    assert minify_css('/* a "note" */\n.a :is(h2, h3) > b {\n  content: "x ; y";\n  color: red;\n}\n') == \
        '.a :is(h2,h3)>b{content: "x ; y";color: red;}\n'  # the descendant space before :is stays
    for entry in project.config["extra_css"]:
        source = (project.docs_dir / entry).read_text(encoding="utf-8")
        built = (built_site / entry).read_text(encoding="utf-8")
        assert built == minify_css(source) and "/*" not in built
        assert len(built) < 0.8 * len(source)
