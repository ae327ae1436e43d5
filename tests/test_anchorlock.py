"""Published anchors never break: the lock, its moves, redirects and aliases in the built site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.anchors import lock as anchorlock
from scripts.anchors import ids as anchors
from scripts.core import build
from scripts.core import facts as catalog
from scripts.core import html as htmlpage
from scripts.core.errors import ContentErrors
from scripts.core.report import Report
from scripts.core.session import Session
from tests import miniproject

ROOT = Path(__file__).resolve().parent.parent

ES = "# Guía {#guia}\n\n## ¿Uno? {#uno}\n\n## ¿Dos? {#dos}\n"
EN = "# Guide {#guia}\n\n## One? {#uno}\n\n## Two? {#dos}\n"


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scripts", *args], cwd=root, env=env, capture_output=True, text=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def both(project, name: str, old: str, new: str) -> None:
    for code in project.codes:
        edit(project.language_dir(code) / name, old, new)


def lock_errors(project) -> list[str]:
    report = Report()
    anchorlock.check(Session(project), report)
    return [str(e) for e in report.errors]


@pytest.fixture
def locked(tmp_path, monkeypatch, capsys):
    """A small project whose pages are all published (lock-anchors run in this process)."""
    project = miniproject.make(tmp_path, pages={"guia.md": {"es": ES, "en": EN}})
    monkeypatch.chdir(tmp_path)
    assert anchorlock.main([]) == 0
    capsys.readouterr()
    return project


def test_lock_anchors_writes_every_page_and_id(locked):
    lock = anchorlock.load(locked)
    assert lock.published == {"guia.md": ["guia", "uno", "dos"]}
    assert lock.moved == {}
    assert lock_errors(locked) == []
    # a second run changes nothing
    before = anchorlock.lock_path(locked).read_text(encoding="utf-8")
    result = run_cli(locked.root, "lock-anchors")
    assert result.returncode == 0 and "already lists every page and ID" in result.stdout
    assert anchorlock.lock_path(locked).read_text(encoding="utf-8") == before


def test_new_ids_are_added_and_reported_until_locked(locked):
    both(locked, "guia.md", "{#dos}\n", "{#dos}\n\n## 3 {#tres}\n")
    report = Report()
    anchorlock.check(Session(locked), report)
    assert report.errors == []
    assert [w.message for w in report.warnings] == ["not published yet: 0 new page(s) and 1 new ID(s), on guia.md"]
    assert run_cli(locked.root, "lock-anchors", "--check").returncode == 1
    result = run_cli(locked.root, "lock-anchors")
    assert result.returncode == 0 and "new IDs on guia.md: #tres" in result.stdout
    assert anchorlock.load(locked).published["guia.md"] == ["guia", "uno", "dos", "tres"]


def test_removed_anchor_fails_and_lock_anchors_refuses_to_drop_it(locked):
    both(locked, "guia.md", "{#dos}", "{#segundo}")
    before = anchorlock.lock_path(locked).read_text(encoding="utf-8")
    errors = lock_errors(locked)
    assert len(errors) == 1, errors
    assert re.match(r"data/anchors\.lock\.yml:\d+: published anchor 'guia\.md#dos' is gone from "
                    r"docs/es/guia\.md, docs/en/guia\.md \(restore the ID, or add 'guia\.md#dos: ", errors[0])
    result = run_cli(locked.root, "lock-anchors")
    assert result.returncode == 1
    assert "published anchor 'guia.md#dos' is gone" in result.stderr
    assert anchorlock.lock_path(locked).read_text(encoding="utf-8") == before, "the lock must not change"


def test_anchor_gone_from_one_language_is_the_translation_checks_error_said_once(locked):
    """An ID only a translation lost: the lock stays quiet, the IDs check names that file."""
    edit(locked.language_dir("en") / "guia.md", "{#dos}", "{#two}")
    assert lock_errors(locked) == []
    found = anchors.problems(locked, anchors.scan_project(locked, catalog.load(locked)))
    assert len(found) == 1 and found[0].path == "docs/en/guia.md" and "missing dos" in found[0].message


def test_anchor_gone_from_the_source_language_names_each_file(locked):
    both(locked, "guia.md", "{#dos}", "{#segundo}")
    errors = lock_errors(locked)
    assert len(errors) == 1 and "is gone from docs/es/guia.md, docs/en/guia.md (" in errors[0], errors


def test_missing_translation_is_one_error_not_one_per_anchor(locked):
    """A whole page missing in one language is the translation check's error, said once."""
    from scripts.core import pages

    (locked.language_dir("en") / "guia.md").unlink()
    assert lock_errors(locked) == []
    report = Report()
    pages.check(Session(locked), report)
    assert "has no en translation: docs/en/guia.md is missing" in [e.message for e in report.errors]


def test_mapped_anchor_passes_and_becomes_an_alias(locked):
    both(locked, "guia.md", "{#dos}", "{#segundo}")
    edit(anchorlock.lock_path(locked), "moved: {}",
         "moved:\n  # renamed on purpose\n  guia.md#dos: guia.md#segundo")
    assert lock_errors(locked) == []
    found = anchorlock.resolve(locked, anchorlock.load(locked), anchors.scan_project(locked, catalog.load(locked)))
    assert found.aliases == {"guia.md": [anchorlock.Alias("guia.md", "dos", anchorlock.Destination("guia.md", "segundo"), "alias")]}
    # lock-anchors adds the new ID and keeps the hand-written moves, comment included
    assert run_cli(locked.root, "lock-anchors").returncode == 0
    text = anchorlock.lock_path(locked).read_text(encoding="utf-8")
    assert "  # renamed on purpose\n  guia.md#dos: guia.md#segundo\n" in text
    assert anchorlock.load(locked).published["guia.md"] == ["guia", "uno", "dos", "segundo"]


def test_removed_page_fails_until_mapped(locked):
    for code in locked.codes:
        page = locked.language_dir(code) / "guia.md"
        page.rename(page.with_name("nueva.md"))
    errors = lock_errors(locked)
    assert errors == [e for e in errors if "published page 'guia.md' no longer exists" in e] and errors
    edit(anchorlock.lock_path(locked), "moved: {}", "moved:\n  guia.md: nueva.md")
    assert lock_errors(locked) == []
    found = anchorlock.resolve(locked, anchorlock.load(locked), anchors.scan_project(locked, None))
    assert found.redirects == {"guia.md": "nueva.md"}


@pytest.mark.parametrize("moved, message", [
    ("guia.md#uno: guia.md#segundo", "'guia.md#uno' is mapped under moved: but the page still has #uno"),
    ("guia.md: otra.md", "'guia.md' is mapped under moved: but still exists"),
    ("guia.md#dos: guia.md#no-existe",
     "'guia.md#dos' moves to 'guia.md#no-existe', but #no-existe is not in docs/es/guia.md, docs/en/guia.md"),
    ("guia.md#dos: falta.md", "'guia.md#dos' moves to 'falta.md', which does not exist"),
    ("guia.md#tres: guia.md#uno", "'guia.md#tres' was never published, so it needs no mapping"),
    ("guia.md: guia.md#uno", "a page ('guia.md') can only move to a page"),
    ("guia.md#Mal: guia.md#uno", "'Mal' is not a valid ID"),
    ("guia: guia.md", "should name Markdown pages"),
])
def test_bad_moves_are_explained(locked, moved, message):
    both(locked, "guia.md", "{#dos}", "{#segundo}")
    edit(anchorlock.lock_path(locked), "moved: {}", "moved:\n  " + moved)
    try:
        errors = lock_errors(locked)
    except ContentErrors as err:  # a malformed line is reported while loading the lock
        errors = [str(e) for e in err.errors]
    assert any(message in e for e in errors), errors
    assert all(e.startswith("data/anchors.lock.yml:") for e in errors), errors


def test_the_real_lock_holds(project):
    report = Report()
    anchorlock.check(Session(project), report)
    assert report.errors == []


# ---------------------------------------------------------------------------
# The built site: a moved page redirects in each language; a renamed ID stays an alias.


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    """The real project with the FAQ page renamed and one of its IDs renamed, both mapped."""
    from tests.conftest import copy_project

    root = tmp_path_factory.mktemp("moved")
    project = copy_project(root / "project")
    assert run_cli(project.root, "lock-anchors").returncode == 0  # whatever is new, publish it first
    for code in project.codes:
        old = project.language_dir(code) / "preguntas-frecuentes.md"
        new = old.with_name("preguntas.md")
        text = old.read_text(encoding="utf-8").replace("{#cuesta-dinero}", "{#es-gratis}")
        new.write_text(text.replace("{#clave-biess}", "{#biess}"), encoding="utf-8")
        old.unlink()
    for path in [project.root / "mkdocs.yml", *project.docs_dir.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("preguntas-frecuentes.md", "preguntas.md"), encoding="utf-8")
    edit(anchorlock.lock_path(project), "moved: {}", "moved:\n"
         "  preguntas-frecuentes.md: preguntas.md\n"
         "  preguntas-frecuentes.md#cuesta-dinero: preguntas.md#es-gratis\n"
         "  preguntas-frecuentes.md#clave-biess: recuperar-clave.md  # to another page\n")
    assert lock_errors(project) == []
    site = root / "site"
    status, output = build.run(project, site_dir=site)
    assert status == 0, "".join(output)
    return project, site


def test_old_url_redirects_to_the_same_language(moved_site):
    project, site = moved_site
    for lang in project.languages:
        old = site / lang.prefix / "preguntas-frecuentes" / "index.html"
        page = htmlpage.parse(old)
        assert page.meta_refresh == "../preguntas/", f"{lang.code}: {page.meta_refresh}"
        target = (old.parent / page.meta_refresh).resolve() / "index.html"
        assert target == (site / lang.prefix / "preguntas" / "index.html").resolve()
        assert htmlpage.parse(target).lang == lang.code


def test_renamed_id_is_an_alias_inside_its_new_target(moved_site):
    project, site = moved_site
    for lang in project.languages:
        text = (site / lang.prefix / "preguntas" / "index.html").read_text(encoding="utf-8")
        # Python-Markdown writes attributes in alphabetical order
        assert re.search(r'<h2 id="es-gratis"><span class="anchor-alias" id="cuesta-dinero"></span>', text), lang.code
    report = Report()
    anchorlock.check_site(Session(project), site, report)
    assert report.errors == []


def test_id_moved_to_another_page_leaves_a_pointer(moved_site):
    project, site = moved_site
    for lang, text in (("", "Este contenido se movió a: "), ("en/", "This content moved to: ")):
        page = (site / lang / "preguntas" / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<p class="anchor-moved" id="clave-biess">{text}<a href="\.\./recuperar-clave/">[^<]+</a></p>',
                         page), lang


def test_check_site_notices_a_missing_alias(moved_site, tmp_path):
    import shutil

    project, site = moved_site
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    page = broken / "en" / "preguntas" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<span class="anchor-alias" id="cuesta-dinero"></span>', ""),
                    encoding="utf-8")
    report = Report()
    anchorlock.check_site(Session(project), broken, report)
    assert [str(e) for e in report.errors] == [
        f"{project.rel(page)}: published link 'en/preguntas-frecuentes/#cuesta-dinero' finds no element with that id "
        "(check the moved: entries in data/anchors.lock.yml)"]


@pytest.mark.browser
def test_old_link_with_fragment_lands_on_the_moved_answer(moved_site, browser):
    from tests.siteserver import SiteServer

    project, site = moved_site
    with SiteServer(site) as server:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        tab = context.new_page()
        for prefix, heading in (("", "¿Cuesta dinero?"), ("en/", "Does it cost money?")):
            tab.goto(server.url + prefix + "preguntas-frecuentes/#cuesta-dinero")
            tab.wait_for_url(server.url + prefix + "preguntas/#cuesta-dinero")
            target = tab.locator("#es-gratis")
            assert heading in target.inner_text()
            box = target.bounding_box()
            assert box and 0 <= box["y"] < 400, f"the heading is not at the top of the screen: {box}"
        # An ID that moved to another page: a short pointer shows, only when targeted.
        tab.goto(server.url + "preguntas-frecuentes/#clave-biess")
        tab.wait_for_url(server.url + "preguntas/#clave-biess")
        pointer = tab.locator("#clave-biess")
        assert pointer.is_visible() and "Este contenido se movió a:" in pointer.inner_text()
        pointer.get_by_role("link").click()
        tab.wait_for_url(server.url + "recuperar-clave/")
        tab.goto(server.url + "preguntas/")
        assert not tab.locator("#clave-biess").is_visible()
        context.close()
