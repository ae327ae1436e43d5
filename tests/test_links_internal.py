"""Internal links (scripts/links/internal.py): pages, anchors, assets, directory URLs, language links, redirects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.core import build
from scripts.links import internal as links
from scripts.core.project import Project


def page(title: str = "x", body: str = "", lang: str = "es", head: str = "") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><title>{title}</title>{head}</head>\n'
            f"<body>\n{body}\n</body></html>\n")


def stub(target: str) -> str:
    """A redirect page as mkdocs-redirects wrote it (links from other sites may still meet one)."""
    return ('<!doctype html><html><head><meta charset="utf-8"><title>Redirecting...</title>\n'
            f'<link rel="canonical" href="{target}">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<script>var anchor=window.location.hash.substr(1);location.href="{target}"+(anchor?"#"+anchor:"")</script>\n'
            f'</head><body>Redirecting to <a href="{target}">{target}</a>...</body></html>\n')


def make_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


BASE = {
    "index.html": page("inicio", '<h1 id="inicio">Inicio</h1><a href="acerca/">Acerca</a>'),
    "acerca/index.html": page("acerca", '<h1 id="acerca">Acerca</h1><h2 id="contacto">Contacto</h2>'
                                        '<a name="viejo">old anchor</a>'),
    "en/index.html": page("home", '<h1 id="inicio">Home</h1>', lang="en"),
    "en/acerca/index.html": page("about", '<h1 id="acerca">About</h1>', lang="en"),
    "assets/site.css": "body{}",
    "assets/logo.png": "png",
}


def check(project: Project, site: Path, body: str, where: str = "acerca/index.html", extra: dict | None = None):
    """Put `body` on one page of a small site and return (errors, warnings) as text."""
    files = dict(BASE, **(extra or {}))
    ids = '\n<h1 id="acerca">Acerca</h1><h2 id="contacto">Contacto</h2><a name="viejo">old</a>'
    files[where] = page("test", body + ids, lang="en" if where.startswith("en/") else "es")
    make_site(site, files)
    errors, warnings = links.check_links(project, site)
    return [str(e) for e in errors], [str(w) for w in warnings]


@pytest.mark.parametrize("href", [
    "../", "..", "./", "../index.html", "../acerca/", "../acerca", "#contacto", "#viejo", "#", "#top", "",
    "../acerca/#contacto", "/acerca/#contacto", "../assets/site.css", "../assets/logo.png?v=2",
    "https://guia-clave-iess.github.io/acerca/#contacto",  # the site's own address (site_url)
    "https://example.org/nope", "mailto:someone@example.org", "tel:140", "javascript:void(0)",
])
def test_working_and_external_links_pass(project, tmp_path, href, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    project = Project(project.root)  # site_url read without SITE_URL
    errors, warnings = check(project, tmp_path, f'<a href="{href}">enlace</a>')
    assert errors == [] and warnings == []


@pytest.mark.parametrize("body, expected", [
    ('<a href="../no-existe/">roto</a>', "link 'roto' goes to ../no-existe/: there is no page at no-existe/"),
    ('<a href="../acerc/">typo</a>', "did you mean acerca/?"),
    ('<a href="../acerca/#contact">ancla</a>', "link 'ancla' goes to ../acerca/#contact: there is no id 'contact' "
                                              "on acerca/ (fix it in docs/es/acerca.md: did you mean '#contacto'?)"),
    ('<a href="#nada">aquí</a>', "there is no id 'nada' on acerca/index.html"),
    ('<img src="../assets/nope.png" alt="">', "<img src> goes to ../assets/nope.png: there is no file at assets/nope.png"),
    ('<link rel="stylesheet" href="../assets/site.cs">', "<link rel=stylesheet href> goes to ../assets/site.cs"),
    ('<script src="../assets/app.js"></script>', "<script src> goes to ../assets/app.js: there is no file"),
    ('<img srcset="../assets/logo.png 1x, ../assets/logo@2x.png 2x" src="../assets/logo.png">',
     "<img srcset> goes to ../assets/logo@2x.png"),
    ('<a href="https://guia-clave-iess.github.io/nada/">abs</a>', "there is no page at nada/"),
])
def test_broken_links_name_file_line_text_and_target(project, tmp_path, body, expected, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    project = Project(project.root)
    errors, _ = check(project, tmp_path, "<p>intro</p>\n" + body)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{tmp_path / 'acerca/index.html'}:4: "), errors[0]
    assert expected in errors[0]


def test_language_link_must_reach_the_page_in_that_language(project, tmp_path):
    body = '<a href="../../acerca/" hreflang="es" class="language-link">Español</a>'
    assert check(project, tmp_path, body, where="en/acerca/index.html") == ([], [])
    body = '<a href="../../en/acerca/" hreflang="es" class="language-link">Español</a>'
    errors, _ = check(project, tmp_path, body, where="en/acerca/index.html")
    assert errors and "link 'Español' goes to ../../en/acerca/: should go to the 'es' page, but en/acerca/ is in 'en'" in errors[0]
    body = '<a href="../../seguridad/" hreflang="es" class="language-link">Español</a>'
    errors, _ = check(project, tmp_path, body, where="en/acerca/index.html")
    assert errors and "there is no page at seguridad/" in errors[0]


def test_redirect_pages_are_followed(project, tmp_path):
    extra = {"viejo/index.html": stub("../acerca/"), "lejos/index.html": stub("https://example.org/")}
    # A link through a redirect page works, but should go straight to the page.
    errors, warnings = check(project, tmp_path, '<a href="../viejo/">viejo</a>', extra=extra)
    assert errors == []
    assert len(warnings) == 1 and "goes through the redirect page viejo/ (fix it in docs/es/acerca.md: link straight to acerca/)" in warnings[0]
    # The reader's #fragment is carried through the redirect, and checked on the final page.
    errors, _ = check(project, tmp_path, '<a href="../viejo/#nada">viejo</a>', extra=extra)
    assert len(errors) == 1 and "there is no id 'nada' on acerca/" in errors[0]
    # A redirect to another site is the external checker's business.
    assert check(project, tmp_path, '<a href="../lejos/">lejos</a>', extra=extra)[0] == []


def test_broken_redirect_pages_are_reported(project, tmp_path):
    extra = {"viejo/index.html": stub("../borrado/"), "a/index.html": stub("../b/"), "b/index.html": stub("../a/")}
    errors, _ = check(project, tmp_path, "<p>ok</p>", extra=extra)
    text = "\n".join(errors)
    assert f"{tmp_path / 'viejo/index.html'}:" in text and "redirect goes to ../borrado/: there is no page at borrado/" in text
    assert "ends in a loop of redirect pages" in text


def test_site_url_with_a_path(tmp_path):
    make_site(tmp_path, {
        "index.html": page("i", '<a href="/guia/acerca/">ok</a> <a href="/otra/">fuera</a> '
                                '<a href="https://host.test/guia/acerca/#x">abs</a>'),
        "acerca/index.html": page("a", '<h1 id="x">x</h1>'),
    })
    site = links.BuiltSite(tmp_path, "https://host.test/guia/")
    found = {link.text: site.check(link) for link in site.links(tmp_path / "index.html")}
    assert found["ok"] is None and found["abs"] is None
    assert "outside the site" in found["fuera"][1]


def test_unknown_scheme_is_a_warning(project, tmp_path):
    errors, warnings = check(project, tmp_path, '<a href="htps://example.org/">typo</a>')
    assert errors == [] and "uses the unknown scheme 'htps:'" in warnings[0]


def test_one_broken_link_on_many_pages_is_reported_once(project, tmp_path):
    extra = {f"p{n}/index.html": page("p", '<link rel="stylesheet" href="../assets/gone.css">') for n in range(6)}
    errors, _ = check(project, tmp_path, "<p>ok</p>", extra=extra)
    assert len(errors) == 1
    assert "(and on 5 other pages)" in errors[0] and "overrides/" in errors[0]


def test_external_links_are_collected_for_the_external_checker(tmp_path):
    make_site(tmp_path, {"index.html": page("i", (
        '<a href="https://Example.org:443/a">a</a> <a href="https://example.org/a">again</a>'
        '<a href="mailto:x@example.org">mail</a> <a href="tel:+593-2-000-0000">tel</a>'
        '<a href="https://site.test/self/">self</a> <a href="../rel/">rel</a> <a href="//cdn.test/x.js">proto</a>'),
        head='<link rel="preconnect" href="https://fonts.test">')})
    found = links.BuiltSite(tmp_path, "https://site.test/").external_links()
    assert list(found) == ["https://example.org/a", "mailto:x@example.org", "tel:+593-2-000-0000",
                           "https://cdn.test/x.js"]
    assert [link.text for link in found["https://example.org/a"]] == ["a", "again"]
    assert found["https://example.org/a"][0].line == 3


def test_the_built_site_has_no_broken_internal_links(project, built_site):
    errors, warnings = links.check_links(project, built_site)
    assert errors == [], "\n".join(map(str, errors))


def test_a_broken_built_site_is_reported(project, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    css = next((site / "assets" / "stylesheets").glob("main.*.css"))
    css.unlink()
    about = site / "acerca" / "index.html"
    html = about.read_text(encoding="utf-8")
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in html
    about.write_text(html.replace(marker, marker + '\n<a href="../no-existe/">enlace roto</a>'
                                  '<a href="../recuperar-clave/#ancla-rota">ancla rota</a>', 1), encoding="utf-8")
    errors, _ = links.check_links(project, site)
    text = "\n".join(map(str, errors))
    line = html[: html.index(marker)].count("\n") + 2
    assert f"site/acerca/index.html:{line}: link 'enlace roto' goes to ../no-existe/: there is no page at no-existe/" in text
    assert "link 'ancla rota' goes to ../recuperar-clave/#ancla-rota: there is no id 'ancla-rota' on recuperar-clave/" in text
    assert "docs/es/acerca.md" in text
    assert f"there is no file at assets/stylesheets/{css.name}" in text and "other pages" in text


def test_raw_html_links_in_markdown_are_caught(project_copy, tmp_path):
    """MkDocs checks Markdown links, not raw HTML ones: this check does."""
    source = project_copy.docs_dir / "es" / "acerca.md"
    source.write_text(source.read_text(encoding="utf-8")
                      + '\n\n<a href="../pagina-inexistente/">enlace html</a>\n', encoding="utf-8")
    status, output = build.run(project_copy, site_dir=tmp_path / "out")
    assert status == 0, "".join(output)
    errors, _ = links.check_links(project_copy, tmp_path / "out")
    assert any("link 'enlace html' goes to ../pagina-inexistente/" in str(e) and "docs/es/acerca.md" in str(e)
               for e in errors), errors


def test_make_check_runs_the_internal_link_check():
    from scripts.core import check
    assert "scripts.links.internal:check_site" in check.SITE_CHECKS


def test_an_id_used_twice_in_a_built_page_is_an_error(project, tmp_path):
    """Raw HTML in Markdown can repeat an ID the source checks never saw: a link to it would
    land on the first one only."""
    from scripts.core.report import Report
    from scripts.core.session import Session

    files = dict(BASE)
    files["acerca/index.html"] = page("acerca", '<h1 id="acerca">Acerca</h1>\n<h2 id="contacto">Contacto</h2>\n'
                                                '<p id="contacto">otra vez</p>')
    site = make_site(tmp_path / "site", files)
    report = Report()
    links.check_site(Session(project), site, report)
    assert [str(e) for e in report.errors] == [
        f"{project.rel(site / 'acerca' / 'index.html')}:5: the ID 'contacto' is on two elements of this page "
        "(fix it in docs/es/acerca.md: links to #contacto would land on the first one only; give each element its own ID)"]
