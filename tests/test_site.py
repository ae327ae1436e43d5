"""The foundation: a strict bilingual build, page pairs, language links, no third-party assets."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from scripts.core import build
from scripts.core import html as htmlpage
from scripts.core.pages import pairs

BASE = "http://site.test/"


def page_url(site: Path, path: Path) -> str:
    """The URL a built file is served at, on a made-up origin."""
    rel = path.relative_to(site).as_posix()
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def content_pages(site: Path) -> list[Path]:
    """Built pages that come from docs/ (not 404 pages, not redirect stubs)."""
    out = []
    for path in htmlpage.site_pages(site):
        if path.name == "404.html":
            continue
        if htmlpage.parse(path).meta_refresh:
            continue
        out.append(path)
    return out


def language_of(site: Path, path: Path, project) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in project.codes and not project.language(first).default else project.default_language.code


def test_strict_build_produces_both_languages(built_site, project):
    assert (built_site / "index.html").is_file()
    for lang in project.languages:
        assert (built_site / lang.prefix / "index.html").is_file(), lang.code
    assert (built_site / "sitemap.xml").is_file()


def test_every_page_has_its_counterpart_and_the_right_lang(built_site, project):
    pages = content_pages(built_site)
    assert len(pages) >= 2 * len(pairs(project))
    for path in pages:
        lang = language_of(built_site, path, project)
        assert htmlpage.parse(path).lang == lang, f"{path}: <html lang> should be {lang}"
        rel = path.relative_to(built_site / project.language(lang).prefix).as_posix()
        for other in project.languages:
            counterpart = built_site / other.prefix / rel
            assert counterpart.is_file(), f"{path.relative_to(built_site)} has no {other.code} page at {counterpart.relative_to(built_site)}"


def test_language_link_goes_to_the_same_page(built_site, project):
    for path in content_pages(built_site):
        lang = language_of(built_site, path, project)
        rel = path.relative_to(built_site / project.language(lang).prefix).as_posix()
        page = htmlpage.parse(path)
        for other in project.languages:
            if other.code == lang:
                continue
            expected = page_url(built_site, built_site / other.prefix / rel)
            found = [urljoin(page_url(built_site, path), r.url) for r in page.references
                     if r.tag == "a" and r.hreflang == other.code]
            assert found, f"{path.relative_to(built_site)}: no link to the {other.code} page"
            assert expected in found, f"{path.relative_to(built_site)}: language link should go to {expected}, found {found}"


def test_no_page_loads_anything_from_another_host(built_site):
    problems = []
    for path in htmlpage.site_pages(built_site):
        for ref in htmlpage.parse(path).references:
            if ref.is_navigation:
                continue
            parts = urlsplit(ref.url)
            if parts.scheme in ("http", "https") or ref.url.startswith("//"):
                problems.append(f"{path.relative_to(built_site)}:{ref.line}: <{ref.tag} {ref.attr}={ref.url}>")
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)", text):
            problems.append(f"{css.relative_to(built_site)}: {match.group(1)}")
    assert not problems, "assets from other hosts:\n" + "\n".join(problems)


def test_no_google_fonts_or_cdn_in_config(project):
    theme = project.config["theme"]
    assert theme.get("font") is False


@pytest.mark.parametrize("case", ["broken link", "missing anchor"])
def test_broken_internal_links_fail_the_build(project_copy, tmp_path, case):
    page = project_copy.docs_dir / "es" / "acerca.md"
    target = "pagina-que-no-existe.md" if case == "broken link" else "index.md#ancla-que-no-existe"
    page.write_text(page.read_text(encoding="utf-8") + f"\n[enlace roto]({target})\n", encoding="utf-8")
    status, output = build.run(project_copy, site_dir=tmp_path / "out")
    text = "".join(output)
    assert status != 0, f"the build should fail on a {case}"
    assert "es/acerca.md" in text, text
    assert target.split("#")[-1] in text


def test_filtered_build_output_is_quiet(project_copy, tmp_path):
    status, output = build.run(project_copy, site_dir=tmp_path / "out")
    assert status == 0
    assert output == [], "a clean build should print nothing:\n" + "".join(output)
