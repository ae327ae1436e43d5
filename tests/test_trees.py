"""Troubleshooting trees: reading a tree page, each validation error, parity between
languages, and the built page (sections, answers, map). Browser tests: test_trees_browser.py."""

from __future__ import annotations

import re
from types import SimpleNamespace

import xml.etree.ElementTree as etree

import markdown
import pytest

from scripts.core import html as htmlpage
from scripts.trees import model as trees
from scripts.core.pages import pairs
from scripts.core.context import PageContext
from scripts.core.report import Report
from scripts.core.session import Session
from scripts.trees.extension import TreeExtension
from tests import miniproject

GOOD = """\
# Un árbol {#arbol}

Texto de entrada.

## ¿Primera pregunta? {#uno .pregunta .inicio}

- [Voy a la dos](#dos)
- [Termino ya](#fin)

## ¿Segunda pregunta? {#dos .pregunta}

1. Un paso.
2. Otro paso.
- [Termino](#fin)
- [Ir en persona](#oficina)
- [Empezar de nuevo](#uno){.volver-a-empezar}

## Listo {#fin .solucion}

Hecho.

## Ve en persona {#oficina .en-persona}

Lleva tu cédula.
"""

GOOD_EN = (GOOD.replace("Un árbol", "A tree").replace("¿Primera pregunta?", "First question?")
           .replace("Voy a la dos", "Go to two").replace("Termino ya", "Finish now"))


# This guide's classes (mkdocs.yml tree_classes); the generator's defaults are English words.
SPANISH = trees.Classes(question="pregunta", solution="solucion", in_person="en-persona", start="inicio",
                        restart="volver-a-empezar")


def tree_of(body: str, language: str = "es") -> trees.Tree:
    return trees.parse(body, f"docs/{language}/problemas/arbol.md", language, "problemas/arbol", classes=SPANISH)


class Labels(dict):
    """Each interface string as its own key, so the HTML shows which string goes where."""

    def __missing__(self, key):
        return key

    def get(self, key, default=None):
        return self[key]


class Context(PageContext):
    @property
    def labels(self):
        return Labels(tree_diagram_title="Mapa de «{title}»")


def render(body: str, **settings) -> str:
    """The tree extension's HTML for a page's Markdown: "this Markdown in, this HTML out"."""
    context = Context(tree=tree_of(body), language="es", settings=SimpleNamespace(**settings) if settings else None)
    return markdown.markdown(body, extensions=["attr_list", "toc", TreeExtension(context)])


def messages(body: str) -> list[str]:
    return [str(e) for e in trees.validate(tree_of(body))]


def one_error(body: str, pattern: str) -> str:
    found = messages(body)
    assert len(found) == 1, found
    assert re.search(pattern, found[0]), found[0]
    return found[0]


# ---------------------------------------------------------------------------
# Reading


def test_a_good_tree_reads_as_nodes_and_answers():
    tree = tree_of(GOOD)
    assert trees.validate(tree) == []
    assert list(tree.nodes) == ["uno", "dos", "fin", "oficina"]
    assert tree.start == "uno"
    assert [n.kind for n in tree.nodes.values()] == ["pregunta", "pregunta", "solucion", "en-persona"]
    dos = tree.nodes["dos"]
    assert [(a.target, a.restart) for a in dos.answers] == [("fin", False), ("oficina", False), ("uno", True)]
    assert [a.target for a in dos.onward] == ["fin", "oficina"]
    assert dos.answers[0].text == "Termino"
    assert tree.nodes["uno"].line == 5 and dos.answers[2].line == 16


def test_line_numbers_count_the_front_matter(tmp_path):
    page_text = "---\ndescription: x\ntree: true\n---\n\n" + GOOD
    project = miniproject.make(tmp_path, pages={"arbol.md": {"es": page_text, "en": page_text}})
    page = pairs(project)["arbol.md"]["es"]
    tree = trees.from_page(page, project)
    assert tree.nodes["uno"].line == 10
    assert page_text.splitlines()[9].startswith("## ¿Primera pregunta?")


def test_answers_are_only_list_items_made_of_one_link_to_a_fragment():
    body = GOOD.replace("Hecho.", "Mira [otra página](../otra.md) y [este paso](#fin).\n\n- Un punto sin enlace")
    assert [a.target for a in tree_of(body).nodes["fin"].answers] == []


def test_code_fences_are_not_read():
    body = GOOD + "\n```\n## No es un nodo {#falso .pregunta}\n- [x](#nada)\n```\n"
    assert trees.validate(tree_of(body)) == []


def test_error_names_file_line_tree_language_and_node():
    body = GOOD.replace("- [Termino ya](#fin)", "- [Termino ya](#final)")
    message = one_error(body, "not a node")
    assert message.startswith("docs/es/problemas/arbol.md:8: tree 'problemas/arbol' (Spanish), node 'uno': ")
    assert message.endswith(")")  # the hint, in brackets


# ---------------------------------------------------------------------------
# One test per rule


def test_no_start_node():
    one_error(GOOD.replace(" .inicio", ""), r"there is no start node \(add \.inicio")


def test_two_start_nodes():
    one_error(GOOD.replace("{#fin .solucion}", "{#fin .solucion .inicio}"),
              r"node 'fin': there is a second start node \(the first is 'uno'\)")


def test_unreachable_node():
    body = GOOD + "\n## Perdido {#perdido .solucion}\n\nNadie llega aquí.\n"
    one_error(body, r"node 'perdido': no path from the start node 'uno' reaches this node")


def test_question_without_answers_is_a_dead_end():
    body = GOOD.replace("- [Termino](#fin)\n- [Ir en persona](#oficina)\n", "").replace(
        "- [Termino ya](#fin)", "- [Termino ya](#fin)\n- [Oficina](#oficina)")
    one_error(body, r"node 'dos': dead end: this question has no answer that leads on")


def test_outcome_with_answers_does_not_end_the_path():
    body = GOOD.replace("Hecho.", "Hecho.\n\n- [Sigue](#oficina)")
    one_error(body, r"node 'fin': a \.solucion node ends the path but has answers")


def test_unmarked_loop():
    body = GOOD.replace("- [Empezar de nuevo](#uno){.volver-a-empezar}", "- [Empezar de nuevo](#uno)")
    one_error(body, r"node 'dos': the answer 'Empezar de nuevo' goes back to 'uno' and makes a loop")


def test_loop_marked_as_start_again_must_go_to_the_start():
    body = GOOD.replace("- [Termino ya](#fin)", "- [Termino ya](#fin)\n- [Otra vez](#dos){.volver-a-empezar}")
    one_error(body, r"node 'uno': the answer 'Otra vez' is marked \.volver-a-empezar but points to '#dos'")


def test_answer_to_a_missing_node():
    body = GOOD.replace("- [Termino](#fin)", "- [Termino](#fin)\n- [Ir a la oficina](#ofisina)")
    one_error(body, r"node 'dos': the answer 'Ir a la oficina' points to '#ofisina', which is not a node")


def test_heading_without_kind_or_id():
    assert any("has no kind" in m for m in messages(GOOD.replace("{#fin .solucion}", "{#fin}")))
    assert any("has no ID" in m for m in messages(GOOD + "\n## Otra sección\n"))


def test_node_id_used_twice_and_bad_ids():
    body = GOOD + "\n## Repetido {#fin .solucion}\n"
    assert any("used twice" in m for m in messages(body))
    assert any("not a valid node ID" in m for m in messages(GOOD.replace("#oficina", "#Oficina")))


def test_node_must_be_a_level_two_heading():
    assert any("must be a '##' heading" in m for m in messages(GOOD + "\n### Sub {#sub .solucion}\n"))


def test_languages_with_the_same_structure_match():
    assert trees.compare(tree_of(GOOD), tree_of(GOOD_EN, "en")) == []


def test_language_mismatch_in_answers_kinds_and_nodes():
    es = tree_of(GOOD)
    en = tree_of(GOOD_EN.replace("- [Finish now](#fin)\n", "").replace("{#oficina .en-persona}", "{#oficina .solucion}")
                 + "\n## Extra {#extra .solucion}\n", "en")
    found = [str(e) for e in trees.compare(es, en)]
    assert all(m.startswith("docs/en/problemas/arbol.md:") and "(English)" in m for m in found), found
    assert any("node 'uno': the answers lead to [dos] here but to [dos, fin] in Spanish" in m for m in found), found
    assert any("node 'oficina': the node is .solucion here but .en-persona in Spanish" in m for m in found), found
    assert any("node 'extra': the node is not in the Spanish page" in m for m in found), found
    missing = tree_of(GOOD_EN.replace("## Listo {#fin .solucion}", "## Listo {#acabado .solucion}"), "en")
    assert any("node 'fin': the node is missing" in str(e) for e in trees.compare(es, missing))


# ---------------------------------------------------------------------------
# The project check


def page(body: str, tree: bool = True) -> str:
    return f"---\ndescription: Un árbol.\n{'tree: true' + chr(10) if tree else ''}---\n\n{body}"


def run_check(tmp_path, versions: dict[str, str]) -> list[str]:
    project = miniproject.make(tmp_path, pages={"problemas/arbol.md": versions})
    report = Report()
    trees.check(Session(project), report)
    return [str(e) for e in report.errors]


def test_check_accepts_a_good_pair(tmp_path):
    assert run_check(tmp_path, {"es": page(GOOD), "en": page(GOOD_EN)}) == []


def test_check_reports_a_broken_translation(tmp_path):
    swapped = GOOD_EN.replace("- [Termino](#fin)\n- [Ir en persona](#oficina)", "- [Ir en persona](#oficina)\n- [Termino](#fin)")
    errors = run_check(tmp_path, {"es": page(GOOD), "en": page(swapped)})
    assert errors == ["docs/en/problemas/arbol.md:15: tree 'problemas/arbol' (English), node 'dos': the answers lead to "
                      "[oficina, fin, ↺uno] here but to [fin, oficina, ↺uno] in Spanish "
                      "(give the same answers in the same order as docs/es/problemas/arbol.md:15)"]


def test_check_wants_tree_true_in_every_language(tmp_path):
    errors = run_check(tmp_path, {"es": page(GOOD), "en": page(GOOD_EN, tree=False)})
    assert any("docs/en/problemas/arbol.md" in e and "tree node headings but no 'tree: true'" in e for e in errors)
    assert any("docs/en/problemas/arbol.md:1:" in e and "is a tree but this translation" in e for e in errors)


def test_real_trees_are_valid_and_the_same_in_every_language(project):
    report = Report()
    trees.check(Session(project), report)
    assert report.errors == []
    found = 0
    for rel, versions in pairs(project).items():
        if not any(trees.is_tree(p) for p in versions.values()):
            continue
        found += 1
        structures = {
            code: [(n.id, n.kind, n.start, [(a.target, a.restart) for a in n.answers])
                   for n in trees.from_page(p, project).nodes.values()]
            for code, p in versions.items()
        }
        assert len(set(map(repr, structures.values()))) == 1, rel
    assert found >= 3


# Other pages link to these nodes; they must stay.
PROMISED = {
    "problemas/correo-no-llega.md": {"revisar-spam", "correo-desactualizado"},
    "problemas/verificar-identidad.md": {"olvide-imagen", "olvide-respuestas", "fecha-no-coincide"},
    "problemas/empleador-no-puede-entrar.md": {"sin-clave-patronal", "empleador-en-persona"},
}


@pytest.mark.parametrize("rel", sorted(PROMISED))
def test_promised_nodes_exist_in_every_language(project, rel):
    for code, found in pairs(project)[rel].items():
        assert PROMISED[rel] <= set(trees.from_page(found, project).nodes), (rel, code)


# ---------------------------------------------------------------------------
# Rendering


def section(html: str, node: str) -> str:
    match = re.search(rf'<section [^>]*data-node="{node}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section for {node}"
    return match.group(0)


def test_a_tree_page_becomes_one_section_per_node_a_map_and_the_buttons():
    html = render(GOOD)
    assert html.startswith('<div class="tree" data-start="uno" data-tree="">\n<h1 id="arbol">Un árbol</h1>\n'
                           '<p>Texto de entrada.</p>\n<section class="tree-node tree-node--question"')
    assert [m for m in re.findall(r'data-node="([^"]+)"', html)] == ["uno", "dos", "fin", "oficina"]
    # the author's classes are settings in the guide's language; the HTML says what each node is
    assert ('<section class="tree-node tree-node--question" data-kind="question" data-next="dos fin" '
            'data-node="uno" data-start="">') in html
    assert ('<section class="tree-node tree-node--in-person" data-kind="in-person" data-next="" '
            'data-node="oficina">') in html
    assert '<a class="volver-a-empezar tree-restart" href="#uno">Empezar de nuevo</a>' in html
    # after the nodes: the buttons, "your answers" (filled by tree.js), then the map
    after = html[html.rindex("</section>"):]
    assert after.index("tree-controls") < after.index("data-tree-trail") < after.index('<details class="tree-map" id="map">')
    assert ('<div class="tree-controls" hidden="">\n'
            '<button class="md-button" data-tree-back="" type="button">tree_back</button>\n'
            '<button class="md-button" data-tree-restart="" type="button">tree_restart</button>\n'
            "</div>\n") in after
    assert ('<div class="tree-trail" data-change="tree_change" data-change-hint="tree_change_hint" '
            'data-title="tree_your_answers" data-tree-trail="" hidden=""></div>') in after
    assert html.rstrip().endswith("</details>\n</div>")
    assert "<!-- tree-answers -->" not in html


def test_answers_render_as_their_own_list_even_after_steps():
    dos = section(render(GOOD), "dos")
    assert "<ol>" in dos and '<ul class="tree-answers">' in dos
    assert dos.index("</ol>") < dos.index('<ul class="tree-answers">')
    assert 'data-next="fin oficina"' in dos


def test_answers_right_after_a_paragraph_line_still_form_a_list():
    body = GOOD.replace("## Listo {#fin .solucion}", "## ¿Tercera? {#fin .pregunta}").replace(
        "Hecho.", "Elige una opción:\n- [Oficina](#oficina)")
    third = section(render(body), "fin")
    assert "<p>Elige una opción:</p>" in third
    assert '<ul class="tree-answers">\n<li><a href="#oficina">Oficina</a></li>' in third


def test_a_page_that_is_no_valid_tree_is_left_as_it_is():
    context = PageContext(tree=None, language="es")
    html = markdown.markdown(GOOD, extensions=["attr_list", "toc", TreeExtension(context)])
    assert "data-tree" not in html and "<section" not in html


def test_outline_shows_each_node_once_and_marks_restarts():
    outline = trees.outline(tree_of(GOOD))
    assert outline["id"] == "uno"
    to_dos, to_fin = outline["answers"]  # depth first: "dos" and all below it come first
    assert to_dos["node"]["id"] == "dos"
    assert to_fin["repeat"] is True and to_fin["node"] is None and to_fin["title"] == "Listo"
    answers = {a["target"]: a for a in to_dos["node"]["answers"]}
    assert answers["fin"]["repeat"] is False and answers["fin"]["node"]["kind"] == "solucion"
    assert answers["uno"]["restart"] is True
    assert answers["oficina"]["node"]["kind"] == "en-persona"


# ---------------------------------------------------------------------------
# Paths, the end of a path, the map's drawing, the agents' maps


def test_paths_to_a_node_are_the_answers_on_the_way_without_restarts():
    tree = tree_of(GOOD)
    walks = [[(c.question.id, c.answer.text) for c in path] for path in trees.paths_to(tree, "fin")]
    assert walks == [[("uno", "Voy a la dos"), ("dos", "Termino")], [("uno", "Termino ya")]]
    assert [[c.question.id for c in p] for p in trees.paths_to(tree, "oficina")] == [["uno", "dos"]]
    assert trees.paths_to(tree, "uno") == [()]
    assert trees.paths_to(tree, "nada") == []
    assert [n.id for n in trees.outcomes(tree)] == ["fin", "oficina"]


def test_every_outcome_ends_with_its_paths_and_links_back_to_the_start_and_the_map():
    html = render(GOOD)
    for node in ("uno", "dos"):
        assert "tree-end" not in section(html, node)
    fin = section(html, "fin")
    end = fin[fin.index('<div class="tree-end">'):]
    assert fin.index("<p>Hecho.</p>") < fin.index('<div class="tree-end">')  # last in its section
    assert '<p class="tree-end__title"><strong>tree_end</strong></p>' in end
    assert "<p>tree_paths</p>" in end
    assert re.findall(r"<li>(.*?)</li>", end) == [
        '<a class="tree-path__question" href="#uno">¿Primera pregunta?</a> <strong class="tree-path__answer">'
        'Voy a la dos</strong> → <a class="tree-path__question" href="#dos">¿Segunda pregunta?</a> '
        '<strong class="tree-path__answer">Termino</strong>',
        '<a class="tree-path__question" href="#uno">¿Primera pregunta?</a> <strong class="tree-path__answer">'
        "Termino ya</strong>"]
    assert ('<p class="tree-end__links"><a class="tree-end__start" href="#uno">tree_restart</a> '
            '<a class="tree-end__map" href="#map">tree_map</a></p>') in end
    assert '<div class="tree-end">' in section(html, "oficina")


def test_the_map_draws_the_tree_then_lists_it():
    html = render(GOOD)
    block = html[html.index('<details class="tree-map" id="map">'):]
    svg = block[block.index("<svg"):block.index("</svg>")]
    assert block.index("<summary>tree_map</summary>") < block.index("<svg") < block.index("tree-map__list-title")
    assert block.index("tree-map__list-title") < block.index('<div class="tree-map__root">')
    assert '<div class="tree-diagram"><svg' in block
    assert '<title id="map-title">Mapa de «Un árbol»</title><desc id="map-desc">tree_diagram_desc</desc>' in svg
    nodes = re.findall(r'<a class="tree-diagram__node[^"]*" href="#([^"]+)"', svg)
    assert sorted(nodes) == sorted(["uno", "dos", "fin", "oficina"])
    assert "style=" not in svg and "<script" not in svg
    tree = trees.parse(GOOD, "docs/es/problemas/arbol.md", "es", "problemas/arbol", classes=SPANISH, map_id="mapa")
    context = Context(tree=tree, language="es", settings=SimpleNamespace(tree_diagram=False))
    no_drawing = markdown.markdown(GOOD, extensions=["attr_list", "toc", TreeExtension(context)])
    assert "<svg" not in no_drawing and '<details class="tree-map" id="mapa">' in no_drawing
    assert 'href="#mapa"' in no_drawing


def test_two_answers_to_the_same_node_cannot_be_told_apart():
    body = GOOD.replace("- [Termino ya](#fin)", "- [Termino ya](#fin)\n- [Ya está](#fin)")
    one_error(body, r"node 'uno': the answers 'Termino ya' and 'Ya está' both lead to '#fin'.*\(merge them")


def test_a_node_may_not_take_the_maps_id():
    tree = trees.parse(GOOD, "docs/es/problemas/arbol.md", "es", "problemas/arbol", classes=SPANISH, map_id="fin")
    assert [str(e) for e in trees.validate(tree)] == [
        "docs/es/problemas/arbol.md:18: tree 'problemas/arbol' (Spanish), node 'fin': 'fin' is the ID of the tree's "
        "map on this page (give the node another ID (the map's is the setting tree_map_id))"]


def test_the_agents_maps_link_each_node_and_list_the_answers_to_each_solution():
    from scripts.trees import extension

    tree = tree_of(GOOD)
    block = extension.all_maps([("problemas/arbol.md", tree)], "agentes.md", Labels(), drawing=True)
    html = etree.tostring(block, encoding="unicode")
    assert '<h3 class="tree-maps__title"><a href="problemas/arbol.md">Un árbol</a></h3>' in html
    assert 'id="map-arbol-title"' in html and ' id="map"' not in html  # one drawing per tree, no block ID
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert sorted(re.findall(r'<a href="([^"]+)" class="tree-diagram__node', svg)) == sorted(
        f"problemas/arbol.md#{node}" for node in ("uno", "dos", "fin", "oficina"))
    paths = html[html.index('<p class="tree-maps__paths">'):]
    lines = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", paths)]
    assert lines == ["¿Primera pregunta? Voy a la dos → ¿Segunda pregunta? Termino → Listo (tree_solution)",
                     "¿Primera pregunta? Termino ya → Listo (tree_solution)",
                     "¿Primera pregunta? Voy a la dos → ¿Segunda pregunta? Ir en persona → Ve en persona "
                     "(tree_in_person)"]
    deeper = extension.all_maps([("problemas/arbol.md", tree)], "ayuda/agentes.md", Labels())
    assert 'href="../problemas/arbol.md#fin"' in etree.tostring(deeper, encoding="unicode")


def test_the_maps_marker_becomes_the_maps_where_a_page_asks():
    context = Context(language="es", trees=[("problemas/arbol.md", tree_of(GOOD))])
    html = markdown.markdown("# Agentes\n\nTexto.\n\n<!-- tree-maps -->\n\nFin.\n",
                             extensions=["attr_list", "toc", TreeExtension(context)])
    assert html.index("<p>Texto.</p>") < html.index('<div class="tree-maps">') < html.index("<p>Fin.</p>")
    assert "<!-- tree-maps -->" not in html and "\u0002" not in html


def test_a_step_copied_by_hand_into_a_node_is_reported(tmp_path):
    project = miniproject.make(tmp_path, pages={"problemas/arbol.md": {"es": page(GOOD), "en": page(GOOD_EN)}})
    step = Session(project).catalog.procedures["recuperar"].steps[0]
    copied = page(GOOD.replace("1. Un paso.", "1. " + step.text["es"].rstrip(".") + " ya."))
    (project.docs_dir / "es" / "problemas" / "arbol.md").write_text(copied, encoding="utf-8")
    session = Session(project)
    source = session.pairs["problemas/arbol.md"]["es"]
    errors = [str(e) for e in trees.retold_steps(source, trees.from_page(source, project), session.catalog)]
    assert len(errors) == 1, errors
    assert errors[0].startswith("docs/es/problemas/arbol.md:17: tree 'problemas/arbol' (Spanish), node 'dos': "
                                "this list item retells step 1 of 'recuperar'")
    assert errors[0].endswith(f"(show the step itself: <!-- steps: recuperar {step.id} --> and <!-- /steps -->, "
                              "then run make sync)")
    # The same step between the markers is the step itself, not a copy; other lists are left alone.
    synced = page(GOOD.replace("1. Un paso.\n2. Otro paso.", f"<!-- steps: recuperar {step.id} -->\n"
                                                              "<!-- /steps -->"))
    (project.docs_dir / "es" / "problemas" / "arbol.md").write_text(synced, encoding="utf-8")
    session = Session(project)
    source = session.pairs["problemas/arbol.md"]["es"]
    assert trees.retold_steps(source, trees.from_page(source, project), session.catalog) == []


def test_check_names_the_strings_a_tree_needs(tmp_path):
    site = miniproject.SITE.replace("  tree_end:\n", "  tree_fin:\n")
    project = miniproject.make(tmp_path, site=site, pages={"problemas/arbol.md": {"es": page(GOOD), "en": page(GOOD_EN)}})
    report = Report()
    trees.check(Session(project), report)
    assert [str(e) for e in report.errors] == [
        "data/site.yml:6: interface text(s) missing: tree_end (add each under interface:, with one text per language)"]


def test_built_tree_pages_have_a_section_and_a_map_entry_per_node(built_site, project):
    for rel, versions in pairs(project).items():
        for code, source in versions.items():
            if not trees.is_tree(source):
                continue
            tree = trees.from_page(source, project)
            built = built_site / project.language(code).prefix / source.url / "index.html"
            html = built.read_text(encoding="utf-8")
            parsed = htmlpage.parse(built)
            for node in tree.nodes.values():
                assert re.search(rf'<section [^>]*data-kind="{tree.classes.role(node.kind)}"[^>]*data-node="{node.id}"', html), \
                    (built, node.id)
                assert node.id in parsed.ids
            map_html = html[html.index('class="tree-map"'):html.index("</details>")]
            assert set(re.findall(r'href="#([^"]+)"', map_html)) == set(tree.nodes), built
            assert html.count('class="tree-answers"') == sum(1 for n in tree.nodes.values() if n.answers)
            assert "data-tree-back" in html and "data-tree-restart" in html


def test_wizard_script_stays_small_and_loads_deferred(project, built_site):
    """A budget, not a measurement of speed: every page downloads this file once (compressed).
    Raised from 6000 raw bytes when "your answers" and the path in the URL came in."""
    import gzip

    script = (project.docs_dir / "assets" / "javascripts" / "tree.js").read_bytes()
    assert len(script) < 7000 and len(gzip.compress(script, 9)) < 2500
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="[^"]*assets/javascripts/tree\.js" defer>', home)


def test_the_example_in_contributing_is_a_valid_tree(project):
    text = (project.root / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## How to write a troubleshooting tree"):]
    example = re.search(r"```markdown\n(.*?)```", section, re.DOTALL).group(1)
    body = example.split("---\n", 2)[2]
    tree = trees.parse(body, "CONTRIBUTING.md", "es", "example", classes=SPANISH)
    assert trees.validate(tree) == [] and tree.start and len(tree.nodes) == 3


def test_the_build_stops_on_a_broken_tree_with_the_same_message(project_copy, tmp_path):
    """`make serve` shows the one-line error, not a traceback."""
    from scripts.core import build

    path = project_copy.docs_dir / "en" / "problemas" / "correo-no-llega.md"
    path.write_text(path.read_text(encoding="utf-8").replace("](#correo-funciona)", "](#correo-funciona-no)", 1),
                    encoding="utf-8")
    status, output = build.run(project_copy, site_dir=tmp_path / "out")
    text = "".join(output)
    assert status == 1 and "Traceback" not in text
    assert re.search(r"docs/en/problemas/correo-no-llega\.md:\d+: tree 'problemas/correo-no-llega' \(English\), "
                     r"node 'revisar-spam': the answer '[^']+' points to '#correo-funciona-no'", text), text


def tree_pages(project) -> list[tuple[str, object, trees.Tree]]:
    """(language, page, tree) for every tree page."""
    return [(code, source, trees.from_page(source, project)) for _, versions in pairs(project).items()
            for code, source in versions.items() if trees.is_tree(source)]


def test_built_pages_draw_every_tree_and_the_agents_page_lists_every_path(built_site, project):
    agents = {}
    for code, source, tree in tree_pages(project):
        built = built_site / project.language(code).prefix / source.url / "index.html"
        html = built.read_text(encoding="utf-8")
        assert html.count('class="tree-diagram__svg"') == 1  # one drawing per tree page
        drawn = html.index('<div class="tree-diagram">')
        svg = html[drawn:html.index("</svg>", drawn)]
        links = [re.search(r'href="#([^"]+)"', a).group(1) for a in re.findall(r"<a [^>]*tree-diagram__node[^>]*>", svg)]
        assert sorted(links) == sorted(tree.nodes), built
        assert html.count('<div class="tree-end">') == len(trees.outcomes(tree))
        agents.setdefault(code, []).append(tree)
    for code, found in agents.items():
        page = built_site / project.language(code).prefix / "agentes" / "index.html"
        html = page.read_text(encoding="utf-8")
        maps = html[html.index('<div class="tree-maps">'):]
        assert maps.count('class="tree-diagram__svg"') == len(found)
        paths = sum(len(trees.paths_to(tree, node.id)) for tree in found for node in trees.outcomes(tree))
        assert maps.count('class="tree-path__end"') == paths
        for tree in found:
            stem = tree.name.split("/")[-1]
            for node in tree.nodes:  # MkDocs made the links URLs of the tree pages
                assert f'href="../problemas/{stem}/#{node}"' in maps, (code, node)


def test_tree_solutions_that_are_procedures_show_their_steps_in_sync(project):
    """A solution that is a procedure shows its steps through the sync markers; `make check`
    (the steps check) reports any difference from data/procedures.yml, and the trees check any
    step copied by hand."""
    from scripts.steps import markers as steps

    session = Session(project)
    shown = {}
    for code, source, tree in tree_pages(project):
        regions = steps.find_regions(source.text, project.rel(source.path))
        lines = sorted((node.line, node.id) for node in tree.nodes.values())
        for region in regions:
            node = [ident for line, ident in lines if line < region.open_line][-1]
            shown.setdefault((code, tree.name), set()).add((node, region.procedure_id))
        assert trees.retold_steps(source, tree, session.catalog) == []
    tree_files = {project.rel(source.path) for _, source, _ in tree_pages(project)}
    assert [e for e in steps.drift(project, session.catalog) if e.path in tree_files] == []
    for code in project.codes:
        assert shown[(code, "problemas/correo-no-llega")] >= {
            ("llego-correo", "desbloquear-clave"), ("llego-correo", "recuperar-clave-correo"),
            ("correo-desactualizado", "actualizar-datos-cau")}
        assert shown[(code, "problemas/verificar-identidad")] >= {
            ("seguir-recuperando", "recuperar-clave-correo"), ("verificar-en-persona", "actualizar-datos-cau")}
        assert shown[(code, "problemas/empleador-no-puede-entrar")] >= {
            ("sin-clave-patronal", "registrar-empleador"), ("empleador-en-persona", "solicitud-empleador-cau")}


def test_a_step_edited_inside_a_tree_is_reported_at_its_line(project_copy):
    from scripts.steps import markers as steps

    path = project_copy.docs_dir / "es" / "problemas" / "verificar-identidad.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Acepta las condiciones de uso.", "Acepta las condiciones."), encoding="utf-8")
    report = Report()
    steps.check(Session(project_copy), report)
    found = [str(e) for e in report.errors]
    assert len(found) == 1 and found[0].startswith("docs/es/problemas/verificar-identidad.md:"), found
    assert "steps of 'recuperar-clave-correo' differ from data/procedures.yml" in found[0]
