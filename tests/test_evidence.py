"""Trust: each step and answer shows how sure the guide is, and `make check` holds every page to it.

- The evidence level follows from the kinds of a claim's sources; marks are rendered from data/.
- A look-alike host (data/site.yml `lookalike_words`) is never a link anywhere in the built site.
- Every page has a review date; an old one warns in `make check` and fails `make release`.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from scripts.core import facts as catalog
from scripts.core import check
from scripts.trust import evidence
from scripts.core import html as htmlpage
from scripts.trust import review
from scripts.steps import markers as steps
from scripts.core.pages import all_pages


# ---------------------------------------------------------------------------
# Levels and runs


def test_the_level_is_the_best_kind_among_the_sources():
    assert evidence.level(["third-party", "press"]) == "press"
    assert evidence.level(["third-party", "official"]) == "official"
    assert evidence.level(["third-party"]) == "third-party"
    assert evidence.level([]) is None


def test_consecutive_steps_at_one_marked_level_share_one_run():
    levels = ["official", "third-party", "third-party", "official", "press", "press", "third-party", None]
    assert evidence.runs(levels) == [evidence.Run("third-party", 1, 2), evidence.Run("press", 4, 5),
                                     evidence.Run("third-party", 6, 6)]


def test_a_run_names_its_steps_in_the_pages_language():
    labels = {"evidence_third_party": "Según guías no oficiales; el portal puede mostrar otra cosa.",
              "evidence_steps": "Pasos {first} a {last}:"}
    assert evidence.mark_text("third-party", labels, 6, 11) == (
        "Pasos 6 a 11: según guías no oficiales; el portal puede mostrar otra cosa.")
    assert evidence.mark_text("third-party", labels, 6, 6).startswith("Según guías")


def test_steps_resting_only_on_unofficial_guides_render_with_their_mark(project):
    loaded = catalog.load(project)
    procedure = loaded.procedures["recuperar-clave-correo"]
    labels = loaded.site.strings("es")
    levels = [evidence.level_of(procedure.step_sources(s), loaded) for s in procedure.steps]
    text = steps.render(procedure, None, "es", labels, levels)
    robot = re.search(r'<li id="recuperar-clave-correo-no-soy-robot"([^>]*)>', text).group(1)
    assert 'class="evidence-run evidence-run--third-party"' in robot
    first = text.index('id="recuperar-clave-correo-escribir-cedula"')
    mark = text.index("{: .evidence .evidence--third-party }", first)
    assert mark < text.index('id="recuperar-clave-correo-no-soy-robot"'), "the run's words sit on its first step"
    assert 'id="recuperar-clave-correo-abrir-portal" markdown' in text, "official steps carry no mark"


# ---------------------------------------------------------------------------
# The built site


def test_no_element_links_to_a_lookalike_host(built_site, project):
    site = catalog.load(project).site
    found = []
    for path in htmlpage.site_pages(built_site):
        for ref in htmlpage.parse(path).references:
            host = (re.match(r"(?i)(?:https?:)?//([^/:?#]+)", ref.url) or [None, ""])[1].lower()
            if any(w in host for w in site.lookalike_words) and not site.is_official(ref.url) \
                    and host != "guia-clave-iess.github.io":
                found.append(f"{path.relative_to(built_site)}:{ref.line}: {ref.url}")
    assert not found, found


def test_a_lookalike_source_shows_as_plain_text_marked_not_official(built_site, project):
    for lang, marker in (("", "(sitio no oficial)"), ("en/", "(not an official site)")):
        text = (built_site / lang / "recuperar-clave" / "index.html").read_text(encoding="utf-8")
        section = text[text.index('<section class="page-review">'):]
        assert "iess.net.ec/recomendaciones-para-solicitar-y-recuperar-clave-del-iess " + marker in section
        assert 'href="https://iess.net.ec' not in text


def test_the_built_pages_show_the_marks_exactly_where_the_data_says(built_site, project):
    loaded = catalog.load(project)
    wanted = evidence.expected_marks(project, loaded)
    assert wanted, "some steps and answers rest on unofficial guides only"
    for code, pages in all_pages(project).items():
        for page in pages:
            prefix = project.language(code).prefix
            built = htmlpage.parse(built_site / prefix / page.url / "index.html")
            expected = wanted.get((code, page.rel), {})
            shown_steps = {m.step: m.level for m in built.marks if m.step}
            shown_answers = {m.heading: m.level for m in built.marks if not m.step and m.heading}
            assert shown_steps == {k[5:]: lvl for k, (lvl, words) in expected.items()
                                   if k.startswith("step:") and words}, (code, page.rel)
            for key, (level_name, _) in expected.items():
                if key.startswith("step:"):
                    assert f"evidence-run--{level_name}" in built.classes[key[5:]], (code, page.rel, key)
                else:
                    assert shown_answers.get(key) == level_name, (code, page.rel, key)
    # the FAQ's hours answer and the verification tree's questions rest on unofficial guides
    faq = htmlpage.parse(built_site / "preguntas-frecuentes" / "index.html")
    assert ("third-party", "a-cualquier-hora") in {(m.level, m.heading) for m in faq.marks}


def test_the_methods_table_says_who_confirms_each_row(built_site):
    text = (built_site / "metodos-verificacion" / "index.html").read_text(encoding="utf-8")
    table = text[text.index("<table>"):text.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 5
    for row in rows:
        assert re.search(r'class="evidence evidence--(official|press|third-party)"', row), row
    assert "Solo guías no oficiales" in table and "El IESS o el Gobierno" in table


# ---------------------------------------------------------------------------
# `make check` on broken copies


def _errors(report) -> list[str]:
    return [str(e) for e in report.errors]


def test_a_third_party_step_whose_mark_was_removed_fails_make_check(project_copy):
    page = project_copy.docs_dir / "es" / "recuperar-clave.md"
    text = page.read_text(encoding="utf-8")
    broken = re.sub(r"\nPasos 6 a 11:[^\n]*\n\{: \.evidence \.evidence--third-party \}\n", "\n", text)
    assert broken != text
    page.write_text(broken, encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert any("docs/es/recuperar-clave.md:" in e and "steps of 'recuperar-clave-correo' differ" in e
               for e in _errors(report)), _errors(report)


def test_a_faq_answer_without_sources_fails_make_check(project_copy):
    data = project_copy.data_dir / "answers.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(re.sub(r"  - id: preguntas-frecuentes#a-cualquier-hora\n(    .*\n)+", "", text), encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    line = next(n for n, t in enumerate((project_copy.docs_dir / "es" / "preguntas-frecuentes.md")
                                        .read_text(encoding="utf-8").splitlines(), 1) if "{#a-cualquier-hora}" in t)
    assert (f"docs/es/preguntas-frecuentes.md:{line}: the FAQ answer '#a-cualquier-hora' names no sources "
            "(add '- id: preguntas-frecuentes#a-cualquier-hora' with its sources and its reply to data/answers.yml)"
            ) in _errors(report)
    assert not any("a-cualquier-hora" in e and "reply" in e.split("(")[0] for e in _errors(report)), \
        "one line for the missing entry, not a second one for its reply"


def test_a_link_to_a_lookalike_host_fails_make_check_at_its_page(project_copy):
    page = project_copy.docs_dir / "es" / "seguridad.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMira [esta guía](https://www.iess.net.ec/clave).\n",
                    encoding="utf-8")
    report = check.run(project_copy)
    problems = [e for e in _errors(report) if "looks official but is not" in e]
    line = len((project_copy.docs_dir / "es" / "seguridad.md").read_text(encoding="utf-8").splitlines())
    assert problems == [f"docs/es/seguridad.md:{line}: the link to https://www.iess.net.ec/clave goes to "
                        "www.iess.net.ec, which looks official but is not (a look-alike host is never a link; cite "
                        "it in data/sources.yml, where it is shown as plain text)"], _errors(report)


def test_a_lookalike_host_cannot_be_an_official_source_or_another_host(project_copy):
    site = project_copy.data_dir / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("other_hosts:\n  - github.com",
                                                             "other_hosts:\n  - github.com\n  - iess.net.ec"),
                    encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert any("data/site.yml:" in e and "'iess.net.ec' looks official but is not" in e for e in _errors(report))


def test_an_old_review_warns_in_check_and_fails_a_release(project_copy):
    page = project_copy.docs_dir / "es" / "seguridad.md"
    old = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    page.write_text(re.sub(r"reviewed: \S+", f"reviewed: {old}", page.read_text(encoding="utf-8")), encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    warned = [str(w) for w in report.warnings if "docs/es/seguridad.md:3:" in str(w)]
    assert warned and "older than 180 days" in warned[0], [str(w) for w in report.warnings]
    strict = check.run(project_copy, build_site=False, strict=True)
    assert any("docs/es/seguridad.md:3:" in e and "older than 180 days" in e for e in _errors(strict))


def test_an_old_procedure_review_points_at_its_line(project_copy):
    data = project_copy.data_dir / "procedures.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("reviewed: 2026-11-29", "reviewed: 2020-01-01", 1), encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "reviewed:" in t)
    report = check.run(project_copy, build_site=False)
    assert any(str(w).startswith(f"data/procedures.yml:{line}: the review of procedure 'desbloquear-clave'")
               for w in report.warnings)


def test_a_page_without_a_review_date_fails(project_copy):
    for code in ("es", "en"):
        page = project_copy.docs_dir / code / "seguridad.md"
        page.write_text(re.sub(r"reviewed: \S+\n", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert ("docs/es/seguridad.md:1: the page has no review date (add 'reviewed: YYYY-MM-DD' to the front matter: "
            "the day you last checked it against its sources)") in _errors(report)


def test_the_about_page_lists_what_is_due(project):
    loaded = catalog.load(project)
    items = review.schedule(project, loaded)
    labels = loaded.site.strings("es")
    assert {i.kind for i in items} == {"procedure", "page"}
    today = min(i.reviewed for i in items)
    calm = review.due_markdown(items, "es", labels, today)
    assert calm.startswith("Todas las revisiones están al día.")
    late = review.due_markdown(items, "es", labels, today + dt.timedelta(days=400))
    assert late.startswith(f"Revisiones atrasadas: {len(items)}.")
    assert late.count("(atrasada)") == len(items)


def test_an_unknown_source_in_a_table_cell_fails_at_its_line(project_copy):
    page = project_copy.docs_dir / "en" / "metodos-verificacion.md"
    text = page.read_text(encoding="utf-8").replace("[[sources: issa-exterior-2023]]", "[[sources: issa-2099]]")
    page.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "issa-2099" in t)
    report = check.run(project_copy, build_site=False)
    assert (f"docs/en/metodos-verificacion.md:{line}: [[sources: …]] names unknown source 'issa-2099' "
            "(use an ID from data/sources.yml)") in _errors(report)


@pytest.mark.parametrize("kind", ["official", "press", "third-party"])
def test_every_level_has_its_words_in_every_language(project, kind):
    loaded = catalog.load(project)
    for code in project.codes:
        labels = loaded.site.strings(code)
        assert labels[f"evidence_short_{kind.replace('-', '_')}"]
        if kind in evidence.MARKED:
            assert evidence.mark_text(kind, labels)
