"""Explicit IDs: every heading has one, they are well formed, and translations share them."""

from __future__ import annotations

import pytest

from scripts.anchors import ids as anchors
from scripts.core import facts as catalog
from scripts.core.report import Report
from scripts.core.session import Session
from tests import miniproject


def run_check(tmp_path, pages) -> list[str]:
    project = miniproject.make(tmp_path, pages=pages)
    report = Report()
    anchors.check(Session(project), report)
    return [str(e) for e in report.errors]


def test_the_real_pages_pass(project):
    report = Report()
    anchors.check(Session(project), report)
    assert report.errors == []


def test_ids_found_in_headings_steps_and_html(tmp_path):
    page = ("---\ndescription: x\n---\n\n# Título {#titulo}\n\n## ¿Una **pregunta**? {#una-pregunta .pregunta}\n\n"
            "<!-- steps: recuperar -->\n<!-- /steps -->\n\n<div id=\"caja\"></div>\n\nTexto.\n{: #parrafo }\n\n"
            "```\n## No es un título\n```\n\n<!--\n## Tampoco\n-->\n")
    project = miniproject.make(tmp_path, pages={"p.md": {"es": page, "en": page}})
    found = anchors.scan_project(project, catalog.load(project))["p.md"]["es"]
    assert [(a.id, a.kind) for a in found.anchors] == [
        ("titulo", "heading"), ("una-pregunta", "heading"),
        ("recuperar-abrir-portal", "step"), ("recuperar-escribir-cedula", "step"), ("recuperar-abrir-enlace", "step"),
        ("caja", "html"), ("parrafo", "html")]
    assert found.ids["una-pregunta"].title == "¿Una pregunta?"
    assert found.ids["una-pregunta"].classes == ("pregunta",)
    assert found.ids["titulo"].line == 5
    assert found.problems == []


def test_parity_names_the_page_and_the_ids(tmp_path):
    es = "# A {#a}\n\n## B {#b}\n\n## C {#c}\n"
    en = "# A {#a}\n\n## B {#b}\n\n## D {#d}\n"
    errors = run_check(tmp_path, {"guia.md": {"es": es, "en": en}})
    assert len(errors) == 1, errors
    assert errors[0].startswith("docs/en/guia.md:5: IDs differ from docs/es/guia.md: missing c; only in English: d")


def test_heading_without_id_is_an_error_with_a_suggestion(tmp_path):
    page = "# A {#a}\n\n## ¿Cuánto dura el enlace?\n"
    errors = run_check(tmp_path, {"guia.md": {"es": page, "en": page.replace("¿Cuánto", "How")}})
    assert any(e.startswith("docs/es/guia.md:3: heading '¿Cuánto dura el enlace?' has no explicit ID")
               and "{#cuanto-dura-el-enlace}" in e for e in errors), errors


@pytest.mark.parametrize("bad", ["Mayusculas", "con_guion_bajo", "acentuación", "doble--guion", "-inicio"])
def test_badly_formed_ids(tmp_path, bad):
    page = f"# A {{#a}}\n\n## B {{#{bad}}}\n"
    errors = run_check(tmp_path, {"guia.md": {"es": page, "en": page}})
    assert any(f"ID '{bad}' is not valid" in e and "lowercase ASCII" in e for e in errors), errors


def test_duplicate_id_and_setext_and_html_heading(tmp_path):
    page = "# A {#a}\n\n## B {#a}\n\nTítulo suelto\n---\n\n<h3>Sin id</h3>\n"
    errors = run_check(tmp_path, {"guia.md": {"es": page, "en": page}})
    text = "\n".join(errors)
    assert "docs/es/guia.md:3: ID 'a' is used twice on this page" in text
    assert "docs/es/guia.md:6: the line under 'Título suelto' makes it a heading" in text
    assert "docs/es/guia.md:8: <h3> heading has no id" in text


def test_lists_and_tables_are_not_setext_headings(tmp_path):
    page = "# A {#a}\n\n- uno\n---\n\n| a | b |\n| --- | --- |\n"
    assert run_check(tmp_path, {"guia.md": {"es": page, "en": page}}) == []
