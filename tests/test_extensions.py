"""The Markdown extensions outside MkDocs: this Markdown in, this HTML out.

Each extension reads only its `PageContext` (scripts/core/context.py), so a context made by
hand is enough. The facts come from this project's data/ (the procedures, sources and
answers the real pages use); the troubleshooting tree extension has its own tests in
tests/test_trees.py.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from scripts.anchors.extension import AliasExtension, PageAlias
from scripts.answers.extension import AnswerLinksExtension
from scripts.core import facts
from scripts.core.context import PageContext
from scripts.core.pages import Page
from scripts.core.project import Project
from scripts.steps.extension import StepsExtension
from scripts.trust.extension import EvidenceExtension

ROOT = Path(__file__).resolve().parent.parent
BASE = ["attr_list", "md_in_html", "admonition", "toc"]


@pytest.fixture(scope="module")
def project():
    return Project(ROOT)


@pytest.fixture(scope="module")
def catalog(project):
    return facts.load(project)


def context_for(project, catalog, rel: str, language: str = "es", text: str = "") -> PageContext:
    page = Page(project.language_dir(language) / rel, language, rel)
    page.__dict__["text"] = text  # the page as the test writes it, not the file on disk
    return PageContext(catalog=catalog, settings=project.settings, project=project, language=language, page=page)


def render(text: str, *extensions) -> str:
    return markdown.markdown(text, extensions=BASE + list(extensions))


def test_steps_render_from_data_whatever_the_page_holds_between_the_markers(project, catalog):
    procedure = catalog.procedures["desbloquear-clave"]
    first, second = procedure.steps[:2]
    text = f"# Título\n\n<!-- steps: desbloquear-clave {first.id} {second.id} -->\nlo que sea\n<!-- /steps -->\n"
    context = context_for(project, catalog, "desbloquear-clave.md", text=text)
    html = render(text, StepsExtension(context))
    assert "lo que sea" not in html
    assert f'<li id="desbloquear-clave-{first.id}" value="{first.number}">' in html
    assert f'<li id="desbloquear-clave-{second.id}" value="{second.number}">' in html
    assert html.index(f"desbloquear-clave-{first.id}") < html.index(f"desbloquear-clave-{second.id}")
    assert [r.procedure_id for r in context.regions] == ["desbloquear-clave"]  # for the evidence extension


def test_steps_in_english_are_the_english_texts(project, catalog):
    step = catalog.procedures["desbloquear-clave"].steps[0]
    text = f"<!-- steps: desbloquear-clave {step.id} -->\n<!-- /steps -->\n"
    html = render(text, StepsExtension(context_for(project, catalog, "desbloquear-clave.md", "en", text)))
    first_words = step.text["en"].split()[0]
    assert first_words in html and step.text["es"].split("\n")[0] not in html


def test_an_unknown_procedure_stops_the_build_with_its_line(project, catalog):
    from mkdocs.exceptions import PluginError

    text = "# T\n\n<!-- steps: no-existe -->\n<!-- /steps -->\n"
    with pytest.raises(PluginError, match="docs/es/x.md:3: steps marker names unknown procedure 'no-existe'"):
        render(text, StepsExtension(context_for(project, catalog, "x.md", text=text)))


def test_a_heading_whose_answer_rests_on_the_press_gets_its_mark_and_the_page_its_sources(project, catalog):
    answer = next(key for key in catalog.answers if key.startswith("preguntas-frecuentes#")
                  and facts_level(catalog, key) == "press")
    ident = answer.partition("#")[2]
    text = f"---\nreviewed: 2026-11-29\n---\n# Preguntas\n\n## ¿Algo? {{#{ident}}}\n\nRespuesta.\n"
    context = context_for(project, catalog, "preguntas-frecuentes.md", text=text)
    html = render(context.page.body, EvidenceExtension(context))
    labels = catalog.site.strings("es")
    assert (f'<p class="evidence evidence--press">{labels["evidence_press"]} '
            f'<a href="#revision-y-fuentes">{labels["evidence_sources_link"]}</a></p>') in html
    assert html.index(f'id="{ident}"') < html.index("evidence--press") < html.index("Respuesta.")
    assert '<section class="page-review">' in html and 'id="revision-y-fuentes"' in html
    assert "29 de noviembre de 2026" in html


def facts_level(catalog, key: str) -> str | None:
    from scripts.trust import evidence

    return evidence.answer_level(key, catalog)


def test_a_citation_in_a_table_cell_says_the_level_in_words(project, catalog):
    source = next(s for s in catalog.sources.values() if s.kind == "press")
    text = f"# T\n\n| método | quién lo dice |\n| --- | --- |\n| correo | [[sources: {source.id}]] |\n"
    context = context_for(project, catalog, "metodos-verificacion.md", text=text)
    html = render(text, "tables", EvidenceExtension(context))
    assert catalog.site.strings("es")["evidence_short_press"] in html and "[[sources" not in html


def test_each_heading_with_an_id_links_to_itself_titled_in_the_page_language(project, catalog):
    text = "# Título {#titulo}\n\n## ¿Una pregunta? {#una-pregunta}\n\n## Sin ID\n"
    for language, title in (("es", "Enlace a esta sección"), ("en", "Link to this section")):
        html = render(text, AnswerLinksExtension(context_for(project, catalog, "x.md", language, text)))
        assert f'<a class="headerlink" href="#una-pregunta" title="{title}">¶</a></h2>' in html
        assert f'<a class="headerlink" href="#titulo" title="{title}">¶</a></h1>' in html
        # like toc's permalink, a heading whose ID toc made up gets one too (make check
        # requires explicit IDs on the guide's headings)
        assert f'<h2 id="sin-id">Sin ID<a class="headerlink" href="#sin-id" title="{title}">¶</a></h2>' in html


def test_the_agents_marker_becomes_the_list_of_pages_in_every_language(project, catalog):
    from scripts.answers import collect

    text = "# Agentes\n\n<!-- answers-table -->\n"
    context = context_for(project, catalog, "agentes.md", text=text)
    context.answers = collect.collect(project, catalog)
    context.page_url = "agentes/"
    html = render(text, AnswerLinksExtension(context))
    assert ('<div class="answers" data-answers="../answers.json" data-languages="{&quot;es&quot;: '
            '&quot;Español&quot;, &quot;en&quot;: &quot;English&quot;}" data-search-exclude="">') in html
    assert ('<li class="answers__page" data-id="recuperar-clave"><span class="answers__title">'
            "¿Olvidaste tu clave del IESS?</span>") in html
    assert 'Español: <a href="../recuperar-clave/" hreflang="es">/recuperar-clave/</a>' in html
    assert 'English: <a href="../en/recuperar-clave/" hreflang="en">/en/recuperar-clave/</a>' in html


def test_a_moved_id_stays_inside_its_new_target_and_a_pointer_marks_one_that_left(project, catalog):
    text = "# T\n\n## Nuevo título {#nuevo}\n\nTexto.\n"
    context = context_for(project, catalog, "x.md", text=text)
    context.aliases = [PageAlias("viejo", target="nuevo"),
                       PageAlias("otro", href="../otra/#aqui", title="Otra página")]
    html = render(text, AliasExtension(context))
    assert '<h2 id="nuevo"><span class="anchor-alias" id="viejo"></span>Nuevo título</h2>' in html
    assert ('<p class="anchor-moved" id="otro">Este contenido se movió a: '
            '<a href="../otra/#aqui">Otra página</a></p>') in html
