"""Answers agents can link to: the exports, the agents' table and the FAQ structured data."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from scripts.answers import collect as answers
from scripts.answers import faq as faqpage
from scripts.core import facts as catalog
from scripts.core import html as htmlpage
from scripts.core.report import Report
from scripts.core.session import Session

FAQ_IDS = ["cuanto-dura-el-enlace", "sin-acceso-al-correo", "que-correo-tengo", "olvide-imagen", "correo-de-otra-persona",
           "cuesta-dinero", "a-cualquier-hora", "desde-el-exterior", "clave-biess", "soy-empleador"]
TREE_NODES = ["problemas/correo-no-llega#revisar-spam", "problemas/correo-no-llega#correo-desactualizado",
              "problemas/verificar-identidad#olvide-imagen", "problemas/verificar-identidad#olvide-respuestas",
              "problemas/verificar-identidad#fecha-no-coincide",
              "problemas/empleador-no-puede-entrar#sin-clave-patronal",
              "problemas/empleador-no-puede-entrar#empleador-en-persona"]


@pytest.fixture(scope="module")
def collected(project):
    return answers.collect(project, catalog.load(project))


def test_the_faq_has_every_question_the_brief_asks_for(collected):
    faq = [a.anchor for a in collected if a.page == "preguntas-frecuentes.md" and a.kind == "answer"]
    assert faq == FAQ_IDS


def test_json_export_lists_every_answer_step_and_node_with_absolute_urls(built_site, project, collected):
    data = json.loads((built_site / "answers.json").read_text(encoding="utf-8"))
    site_url = project.site_url
    assert data["site_url"] == site_url and data["languages"] == ["es", "en"]
    rows = {row["id"]: row for row in data["answers"]}
    assert len(rows) == len(data["answers"]), "IDs must be unique"
    assert [r["id"] for r in data["answers"]] == [a.id for a in collected]
    assert rows["preguntas-frecuentes#cuesta-dinero"] == {
        "id": "preguntas-frecuentes#cuesta-dinero", "kind": "answer",
        "title": {"es": "¿Cuesta dinero?", "en": "Does it cost money?"},
        "url": {"es": site_url + "preguntas-frecuentes/#cuesta-dinero",
                "en": site_url + "en/preguntas-frecuentes/#cuesta-dinero"},
        "reply": {
            "es": "No, nadie te debe cobrar por recuperar tu clave ni por actualizar tus datos. Si alguien te "
                  "cobra, no pagues y denúncialo en denuncias.iess.gob.ec. "
                  "Según la prensa; no lo hemos visto en páginas del IESS.",
            "en": "No, nobody should charge you for recovering your key or updating your details. If someone "
                  "charges you, do not pay, and report it at denuncias.iess.gob.ec. "
                  "Reported by the press; we have not seen it on IESS pages."},
        "evidence": "press",
        "sources": ["ecuavisa-actualizar-datos-2025", "elmercurio-cobros-2025", "expreso-exterior-2025"]}
    for node in TREE_NODES:
        assert rows[node]["kind"] == "node", node
    step = rows["desbloquear-clave#desbloquear-clave-abrir-correo"]
    assert step["kind"] == "step"
    assert step["title"]["es"].startswith("Desbloquear tu clave en línea, paso 8: Abre el correo")
    assert step["title"]["en"].startswith("Unlock your key online, step 8: Open the email")
    assert (step["evidence"], step["sources"]) == ("official", ["iess-desbloquear-clave-2024"])
    kinds = {r["kind"] for r in data["answers"]}
    assert {"page", "answer", "step", "node"} <= kinds
    # Every page, FAQ answer and tree node carries its reply in both languages; steps none.
    for row in data["answers"]:
        if row["kind"] in ("page", "answer", "node"):
            assert row["reply"]["es"].strip() and row["reply"]["en"].strip(), row["id"]
        elif row["kind"] == "step":
            assert row["reply"] is None, row["id"]
    assert not any(r["id"].startswith("agentes") for r in data["answers"]), "the agents' page is not an answer"
    for row in data["answers"]:
        for code in ("es", "en"):
            assert row["title"][code].strip(), row
            assert row["url"][code].startswith(site_url), row
        assert row["url"]["en"] == row["url"]["es"].replace(site_url, site_url + "en/", 1)


def test_every_exported_link_resolves_in_the_built_site(built_site, project):
    data = json.loads((built_site / "answers.json").read_text(encoding="utf-8"))
    for row in data["answers"]:
        for url in row["url"].values():
            path, _, fragment = url[len(project.site_url):].partition("#")
            page = htmlpage.parse(built_site / path / "index.html")
            assert not fragment or fragment in page.ids, url


def test_csv_export_has_the_same_rows(built_site):
    data = json.loads((built_site / "answers.json").read_text(encoding="utf-8"))
    raw = (built_site / "answers.csv").read_bytes().decode("utf-8")
    assert raw.startswith("id,kind,title_es,title_en,url_es,url_en,evidence,sources,reply_es,reply_en\r\n")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [r["id"] for r in rows] == [r["id"] for r in data["answers"]]
    for row, item in zip(rows, data["answers"]):
        assert (row["title_es"], row["title_en"], row["url_es"], row["url_en"]) == (
            item["title"]["es"], item["title"]["en"], item["url"]["es"], item["url"]["en"])
        assert (row["evidence"], row["sources"].split()) == (item["evidence"] or "", item["sources"])
        assert (row["reply_es"], row["reply_en"]) == (
            (item["reply"]["es"], item["reply"]["en"]) if item["reply"] else ("", ""))


def test_agents_page_without_javascript_lists_every_page_with_both_links(built_site, collected):
    """Small at any size: one entry per page; on the page itself each heading has its link."""
    pages = [a for a in collected if a.kind == "page"]
    for prefix, lang in (("", "es"), ("en/", "en")):
        text = (built_site / prefix / "agentes" / "index.html").read_text(encoding="utf-8")
        items = re.findall(r'<li class="answers__page" data-id="([^"]+)">(.*?)</li>', text, re.S)
        assert [ident for ident, _ in items] == [a.id for a in pages]
        faq = dict(items)["preguntas-frecuentes"]
        hrefs = re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', faq)
        expected = {"es": "../preguntas-frecuentes/", "en": "../en/preguntas-frecuentes/"}
        if lang == "en":
            expected = {"es": "../../preguntas-frecuentes/", "en": "../preguntas-frecuentes/"}
        assert dict((code, href) for href, code in hrefs) == expected
        assert '<div class="answers__app" hidden="hidden"></div>' in text  # agents.js fills it
        assert re.search(r'<div class="answers" data-answers="\.\./(\.\./)?answers\.json"', text)


def test_faq_jsonld_is_valid_in_each_language(built_site, project, collected):
    faq = [a for a in collected if a.page == "preguntas-frecuentes.md" and a.kind == "answer"]
    for lang in project.languages:
        text = (built_site / lang.prefix / "preguntas-frecuentes" / "index.html").read_text(encoding="utf-8")
        assert faqpage.jsonld_problems(text, lang.code, [a.title[lang.code] for a in faq]) == []
        data = json.loads(faqpage.JSONLD_RE.search(text).group(1))
        assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
        assert data["inLanguage"] == lang.code
        assert data["url"] == project.site_url + lang.prefix + "preguntas-frecuentes/"
        assert len(data["mainEntity"]) == len(FAQ_IDS)
        for entity in data["mainEntity"]:
            assert entity["@type"] == "Question"
            assert entity["acceptedAnswer"]["@type"] == "Answer"
            assert "<" not in entity["acceptedAnswer"]["text"], "answers are plain text"
            assert "¶" not in entity["name"]
    # other pages carry none
    assert "application/ld+json" not in (built_site / "acerca" / "index.html").read_text(encoding="utf-8")


def test_jsonld_cannot_break_out_of_its_script_element():
    content = ('<h2 id="x">¿Y si escribo &lt;/script&gt;?<a class="headerlink" href="#x">¶</a></h2>'
               '<p>Texto con <code>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code> &amp; más.</p>')
    text = faqpage.faq_jsonld(content, "es", "https://example.test/p/")
    assert "</" not in text and "<" not in text
    data = json.loads(text)
    assert data["mainEntity"][0]["name"] == "¿Y si escribo </script>?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Texto con </script><script>alert(1)</script> & más."
    page = f'<script type="application/ld+json">{text}</script>'
    assert faqpage.jsonld_problems(page, "es", ["¿Y si escribo </script>?"]) == []


def test_jsonld_problems_are_named():
    assert faqpage.jsonld_problems("<p>nada</p>", "es", []) == ["expected one FAQPage JSON-LD block, found 0"]
    bad = '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "FAQPage", ' \
          '"inLanguage": "en", "mainEntity": [{"@type": "Question", "name": "Q"}]}</script>'
    problems = faqpage.jsonld_problems(bad, "es", ["Q"])
    assert "JSON-LD inLanguage is 'en', not 'es'" in problems
    assert any(p.startswith("JSON-LD question is incomplete") for p in problems)


def test_site_checks_pass(built_site, project):
    report = Report()
    answers.check_site(Session(project), built_site, report)
    assert report.errors == []


def test_site_check_notices_a_stale_export(built_site, project, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "answers.csv").write_text("id\n", encoding="utf-8")
    report = Report()
    answers.check_site(Session(project), site, report)
    assert [e.message for e in report.errors] == ["answers.csv does not match the pages"]


def test_every_step_of_every_procedure_has_its_evidence_level_in_the_export(built_site, project):
    data = json.loads((built_site / "answers.json").read_text(encoding="utf-8"))
    loaded = catalog.load(project)
    steps_exported = {row["id"].partition("#")[2]: row for row in data["answers"] if row["kind"] == "step"}
    for procedure in loaded.procedures.values():
        for step in procedure.steps:
            row = steps_exported.get(f"{procedure.id}-{step.id}")
            assert row is not None, f"{procedure.id}-{step.id} is on no page"
            kinds = {loaded.sources[s].kind for s in row["sources"]}
            assert row["evidence"] in ("official", "press", "third-party"), row
            assert row["evidence"] == next(k for k in ("official", "press", "third-party") if k in kinds)
            assert row["sources"] == list(procedure.step_sources(step))
    robot = steps_exported["recuperar-clave-correo-no-soy-robot"]
    assert robot["evidence"] == "third-party"
    for row in data["answers"]:
        assert "evidence" in row and "sources" in row, row["id"]


def test_the_notice_repeated_for_deep_links_follows_each_title(built_site, project):
    """After the title, so that the page keeps its title (MkDocs takes it from a leading h1)
    and its first search section; hidden by site.css unless a heading is the URL's target."""
    for lang in project.languages:
        notice = catalog.load(project).site.strings(lang.code)["notice"]
        for page in ("preguntas-frecuentes", "recuperar-clave"):
            text = (built_site / lang.prefix / page / "index.html").read_text(encoding="utf-8")
            assert re.search(r'</h1>\s*<p class="landing-notice" data-search-exclude="">' + re.escape(notice) + "</p>",
                             text), (lang.code, page)
            assert text.count('class="landing-notice"') == 1
    faq = (built_site / "preguntas-frecuentes" / "index.html").read_text(encoding="utf-8")
    assert "<title>Preguntas frecuentes - " in faq
