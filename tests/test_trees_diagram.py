"""scripts/trees/diagram.py: a troubleshooting tree drawn as inline SVG at build time.

The six real trees (three per language) go through the parser (scripts/trees/model.py) and a
small adapter; random trees of up to 60 boxes check the layout's promises. In Chromium, on the
built pages (axe, one link per node, the keyboard): tests/test_trees_browser.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.core.pages import all_pages
from scripts.core.project import Project
from scripts.trees import diagram as td
from scripts.trees import model as trees

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)
CSS = ROOT / "docs" / "assets" / "stylesheets" / "site.css"
SVG = "{http://www.w3.org/2000/svg}"
KIND = {"pregunta": "question", "solucion": "solution", "en-persona": "in-person"}
# The widest a diagram may be, in px: what a collapsible note leaves of Material's content
# column on a 360 px phone (measured: 302 px). "verificar-identidad" cannot fit: its start has
# four answers and three of them lead to questions whose six answers all meet in one row, so
# its six answer labels sit side by side; there the page scrolls the drawing sideways.
N = td.FIT
WIDEST = {"correo-no-llega": N, "empleador-no-puede-entrar": N, "verificar-identidad": 2 * N}


def diagram_input(tree: trees.Tree) -> tuple[list[td.Box], list[td.Arrow]]:
    """The adapter: a parsed tree page as boxes and arrows."""
    boxes = [td.Box(node.id, trees.plain(node.title), KIND[node.kind], node.start) for node in tree.nodes.values()]
    arrows = [td.Arrow(node.id, answer.target, trees.plain(answer.text), answer.restart)
              for node in tree.nodes.values() for answer in node.answers]
    return boxes, arrows


def real_trees() -> list[tuple[str, trees.Tree]]:
    out = []
    for code, pages in all_pages(PROJECT).items():
        for page in pages:
            if trees.is_tree(page):
                out.append((f"{code}/{page.rel[:-3].split('/')[-1]}", trees.from_page(page, PROJECT)))
    return out


TREES = real_trees()
IDS = [name for name, _ in TREES]


def short(tree: trees.Tree) -> str:
    return tree.name.split("/")[-1]


def draw(tree: trees.Tree, **options) -> str:
    boxes, arrows = diagram_input(tree)
    options.setdefault("id_prefix", "map-" + short(tree))
    return td.svg(boxes, arrows, title=f"Mapa: {short(tree)}", description="Cada pregunta lleva a sus respuestas.",
                  **options)


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def classes(element: ET.Element) -> list[str]:
    return (element.get("class") or "").split()


def find_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in classes(e)]


def text_of(element: ET.Element) -> str:
    """A <text>'s words, lines joined as a reader hears them."""
    return " ".join("".join(element.itertext()).split())


def rect(element: ET.Element) -> tuple[float, float, float, float]:
    x, y = float(element.get("x")), float(element.get("y"))
    return x, y, x + float(element.get("width")), y + float(element.get("height"))


def path_points(d: str) -> list[tuple[float, float]]:
    """Every coordinate pair of a path made of absolute M, L and C commands."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    assert re.fullmatch(r"[MLC0-9.\s-]+", d), d
    return list(zip(numbers[0::2], numbers[1::2]))


def overlapping(rects: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(rects)) for j in range(i + 1, len(rects))
            if rects[i][0] < rects[j][2] and rects[j][0] < rects[i][2]
            and rects[i][1] < rects[j][3] and rects[j][1] < rects[i][3]]


def check_geometry(root: ET.Element) -> None:
    """No two boxes, labels or stubs overlap; everything in the viewBox; every arrow goes down."""
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"  # 1 unit = 1 px: text never shrinks
    shapes = [rect(e) for e in root.iter(f"{SVG}rect")
              if {"tree-diagram__box", "tree-diagram__label-bg", "tree-diagram__restart-box"} & set(classes(e))]
    assert shapes
    assert overlapping(shapes) == []
    rings = [rect(e) for e in find_class(root, "tree-diagram__focus")]
    for x0, y0, x1, y1 in shapes + rings:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (x0, y0, x1, y1, width, height)
    for path in find_class(root, "tree-diagram__arrow"):
        ys = [y for _, y in path_points(path.get("d"))]
        assert ys == sorted(ys), "an arrow goes up: " + path.get("d")
        assert all(0 <= x <= width for x, _ in path_points(path.get("d")))
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size")) >= 12
    for ring in rings:  # each link, with its focus ring, is a thumb's target
        assert ring[3] - ring[1] >= td.TARGET and ring[2] - ring[0] >= td.TARGET, ring


# ---------------------------------------------------------------------------
# The six real trees


@pytest.mark.parametrize(("name", "tree"), TREES, ids=IDS)
def test_one_link_per_node_to_its_id(name, tree):
    root = parse(draw(tree))
    links = find_class(root, "tree-diagram__node")
    assert all(link.tag == f"{SVG}a" for link in links)
    assert sorted(link.get("href") for link in links) == sorted("#" + node_id for node_id in tree.nodes)
    for link in links:
        node = tree.nodes[link.get("href")[1:]]
        assert text_of(link.find(f"{SVG}text")) == trees.plain(node.title)
    # Other links are restart stubs only, one per restart answer.
    others = [a for a in root.iter(f"{SVG}a") if a not in links]
    assert len(others) == sum(a.restart for n in tree.nodes.values() for a in n.answers)

    elsewhere = parse(draw(tree, href=lambda node_id: "../otra-pagina/#" + node_id))
    assert sorted(a.get("href") for a in find_class(elsewhere, "tree-diagram__node")) == sorted(
        "../otra-pagina/#" + node_id for node_id in tree.nodes)


@pytest.mark.parametrize(("name", "tree"), TREES, ids=IDS)
def test_title_and_description_named_by_the_svg(name, tree):
    prefix = "map-" + short(tree)
    root = parse(draw(tree))
    assert root.get("role") == "group"  # not "img": an image's children, these links, would be presentational
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert list(root)[:2] == [title, desc]
    assert title.get("id") == root.get("aria-labelledby") == prefix + "-title"
    assert desc.get("id") == root.get("aria-describedby") == prefix + "-desc"
    assert title.text == f"Mapa: {short(tree)}" and desc.text
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith(prefix + "-") for i in ids)


@pytest.mark.parametrize(("name", "tree"), TREES, ids=IDS)
def test_every_answer_is_written_on_its_arrow(name, tree):
    root = parse(draw(tree))
    labels = [text_of(e) for e in find_class(root, "tree-diagram__label-text")]
    stubs = [text_of(e) for e in find_class(root, "tree-diagram__restart-text")]
    answers = [a for n in tree.nodes.values() for a in n.answers]
    assert sorted(labels) == sorted(trees.plain(a.text) for a in answers if not a.restart)
    assert sorted(stubs) == sorted(trees.plain(a.text) for a in answers if a.restart)
    arrows = find_class(root, "tree-diagram__arrow")
    assert len(arrows) == len(answers)


@pytest.mark.parametrize(("name", "tree"), TREES, ids=IDS)
def test_kinds_are_classes_with_an_icon_and_a_shape(name, tree):
    root = parse(draw(tree))
    shapes = {}
    for link in find_class(root, "tree-diagram__node"):
        node = tree.nodes[link.get("href")[1:]]
        kind = KIND[node.kind]
        assert f"tree-diagram__node--{kind}" in classes(link)
        assert ("tree-diagram__node--start" in classes(link)) == node.start
        icon = find_class(link, "tree-diagram__icon")
        assert len(icon) == 1 and icon[0].get("aria-hidden") == "true"
        shapes.setdefault(kind, set()).add(find_class(link, "tree-diagram__box")[0].get("rx"))
        # Not colour alone: each kind's icon is drawn differently.
        shapes.setdefault(kind + " icon", set()).add(
            tuple(e.tag for e in icon[0]) + tuple(len(e.get("d", "")) > 0 for e in icon[0]))
    icons = {kind: shapes[kind + " icon"] for kind in KIND.values() if kind + " icon" in shapes}
    assert all(len(v) == 1 for v in icons.values())
    assert len({next(iter(v)) for v in icons.values()}) == len(icons)
    assert shapes["question"] != shapes.get("solution", shapes.get("in-person"))


@pytest.mark.parametrize(("name", "tree"), TREES, ids=IDS)
def test_layout_has_no_overlap_and_fits_the_phone_where_it_can(name, tree):
    root = parse(draw(tree))
    check_geometry(root)
    assert float(root.get("width")) <= WIDEST[short(tree)]


WITH_RESTART = [(name, tree) for name, tree in TREES if any(a.restart for n in tree.nodes.values() for a in n.answers)]


@pytest.mark.parametrize(("name", "tree"), WITH_RESTART, ids=[name for name, _ in WITH_RESTART])
def test_restart_is_a_short_stub_not_a_long_arrow(name, tree):
    restarts = [(node, a) for node in tree.nodes.values() for a in node.answers if a.restart]
    root = parse(draw(tree))
    boxes = {link.get("href")[1:]: rect(find_class(link, "tree-diagram__box")[0])
             for link in find_class(root, "tree-diagram__node")}
    stubs = find_class(root, "tree-diagram__restart")
    assert len(stubs) == len(restarts)
    for (node, answer), stub in zip(restarts, stubs):
        assert stub.get("href") == "#" + tree.start
        assert text_of(find_class(stub, "tree-diagram__restart-text")[0]) == trees.plain(answer.text)
        assert find_class(stub, "tree-diagram__restart-icon")[0].get("aria-hidden") == "true"
        stub_box = rect(find_class(stub, "tree-diagram__restart-box")[0])
        source = boxes[node.id]
        assert stub_box[1] > source[3]  # below its question...
        assert stub_box[1] - source[3] < 100  # ...just below: nowhere near the start at the top
    for arrow in find_class(root, "tree-diagram__arrow--restart"):
        points = path_points(arrow.get("d"))
        assert points[-1][1] - points[0][1] < 100
        assert abs(points[-1][0] - points[0][0]) < 100


def test_the_same_input_gives_the_same_bytes_in_any_process():
    name, tree = TREES[0]
    first = draw(tree)
    assert draw(tree) == first
    code = ("import sys; from tests.test_trees_diagram import TREES, draw; sys.stdout.write(draw(TREES[0][1]))")
    for seed in ("0", "12345"):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.stdout == first


def test_no_inline_style_script_or_markup_from_text():
    boxes = [td.Box("a", 'Is <b>this</b> & "that" ok?', "question", True),
             td.Box("b", "</svg> <script>x()</script>", "solution"), td.Box("c", "Ir", "in-person")]
    arrows = [td.Arrow("a", "b", "Yes <i>&</i>"), td.Arrow("a", "c", "No' onclick='x")]
    markup = td.svg(boxes, arrows, title="T <x>", description="D & d")
    root = parse(markup)
    assert "<script" not in markup and "<b>" not in markup and "<i>" not in markup
    assert not any(e.get("style") is not None for e in root.iter())
    assert not any(e.tag in (f"{SVG}style", f"{SVG}script", f"{SVG}foreignObject") for e in root.iter())
    assert not any(k.startswith("on") for e in root.iter() for k in e.attrib)
    texts = [text_of(e) for e in root.iter(f"{SVG}text")]
    assert 'Is <b>this</b> & "that" ok?' in texts and "</svg> <script>x()</script>" in texts
    assert "Yes <i>&</i>" in texts and "No' onclick='x" in texts
    assert root.find(f"{SVG}title").text == "T <x>"


def test_figure_wraps_the_svg_for_sideways_scrolling():
    name, tree = TREES[0]
    boxes, arrows = diagram_input(tree)
    wrapper = parse(td.figure(boxes, arrows, title="T", description="D"))
    assert wrapper.tag == "div" and wrapper.get("class") == td.WRAPPER_CLASS
    assert [child.tag for child in wrapper] == [f"{SVG}svg"]


def test_one_box_alone():
    root = parse(td.svg([td.Box("solo", "Nothing to ask", "solution", True)], [], title="T", description="D"))
    check_geometry(root)
    assert [a.get("href") for a in root.iter(f"{SVG}a")] == ["#solo"]


def test_long_words_are_cut_to_fit():
    word = "Supercalifragilisticoespialidoso" * 3
    root = parse(td.svg([td.Box("a", word, "question", True), td.Box("b", "x", "solution")],
                        [td.Arrow("a", "b", word)], title="T", description="D"))
    check_geometry(root)
    assert float(root.get("width")) <= 300
    for text in root.iter(f"{SVG}text"):
        for line in text.iter(f"{SVG}tspan"):
            assert td.text_width(line.text.strip(), float(text.get("font-size"))) <= 260


@pytest.mark.parametrize(("boxes", "arrows", "message"), [
    ([], [], "no boxes"),
    ([td.Box("a", "A", "question")], [td.Arrow("a", "zz", "to nowhere")], "target 'zz'"),
    ([td.Box("a", "A", "question")], [td.Arrow("zz", "a", "from nowhere")], "source 'zz'"),
    ([td.Box("a", "A", "question"), td.Box("a", "B", "solution")], [], "two boxes have the id 'a'"),
    ([td.Box("a", "A", "riddle")], [], "kind 'riddle'"),
    ([td.Box("a", "A", "question", True), td.Box("b", "B", "question", True)], [], "more than one start"),
    ([td.Box("a", "A", "question", True), td.Box("b", "B", "question")],
     [td.Arrow("a", "b", "on"), td.Arrow("b", "a", "back")], "loop"),
    ([td.Box("a", "A", "question", True)], [td.Arrow("a", "a", "again")], "loop"),
    ([td.Box("a", " ", "question")], [], "no text"),
    ([td.Box("a", "A", "question"), td.Box("b", "B", "solution")], [td.Arrow("a", "b", "")], "no label"),
])
def test_bad_input_is_a_clear_value_error(boxes, arrows, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        td.svg(boxes, arrows, title="T", description="D")


def test_bad_id_prefix_is_a_value_error():
    with pytest.raises(ValueError, match="id_prefix"):
        td.svg([td.Box("a", "A", "solution")], [], title="T", description="D", id_prefix="two words")


def test_a_restart_loop_is_allowed():
    boxes = [td.Box("a", "A?", "question", True), td.Box("b", "B", "solution")]
    arrows = [td.Arrow("a", "b", "yes"), td.Arrow("a", "a", "again", restart=True)]
    root = parse(td.svg(boxes, arrows, title="T", description="D"))
    assert [a.get("href") for a in find_class(root, "tree-diagram__restart")] == ["#a"]


# ---------------------------------------------------------------------------
# Any valid tree, up to 60 boxes

WORDS = ["el", "correo", "no", "llega", "¿Está", "en", "Spam?", "revisa", "la", "carpeta", "promociones",
         "verificar", "identidad", "CAU", "«IESS»", "sí", "quizá"]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)


@st.composite
def decision_trees(draw_):
    """A start question, then boxes that each answer points further down; every box reachable."""
    n = draw_(st.integers(min_value=1, max_value=60))
    kinds = ["question"] + [draw_(st.sampled_from(td.KINDS)) for _ in range(n - 1)]
    arrows = []
    for i in range(1, n):  # reachable: one arrow in from an earlier question (or the start)
        parents = [j for j in range(i) if kinds[j] == "question"]
        arrows.append(td.Arrow(f"n{draw_(st.sampled_from(parents))}", f"n{i}", draw_(phrases)))
    for i in range(n):
        if kinds[i] == "question" and i + 1 < n:
            for _ in range(draw_(st.integers(min_value=0, max_value=2))):
                arrows.append(td.Arrow(f"n{i}", f"n{draw_(st.integers(min_value=i + 1, max_value=n - 1))}",
                                       draw_(phrases)))
            if draw_(st.integers(min_value=0, max_value=9)) == 0:
                arrows.append(td.Arrow(f"n{i}", "n0", draw_(phrases), restart=True))
    boxes = [td.Box(f"n{i}", draw_(phrases), kinds[i], i == 0) for i in range(n)]
    order = draw_(st.permutations(range(n)))  # page order need not be tree order
    return [boxes[i] for i in order], arrows


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(decision_trees())
def test_any_tree_is_drawn_without_overlap_once_per_box(tree):
    boxes, arrows = tree
    markup = td.svg(boxes, arrows, title="T", description="D")
    assert td.svg(boxes, arrows, title="T", description="D") == markup
    root = parse(markup)
    check_geometry(root)
    assert sorted(a.get("href") for a in find_class(root, "tree-diagram__node")) == sorted("#" + b.id for b in boxes)
    assert len(find_class(root, "tree-diagram__arrow")) == len(arrows)


# ---------------------------------------------------------------------------
# The stylesheet (site.css): every colour defined for light and dark, with enough contrast


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palettes() -> dict[str, dict[str, str]]:
    """The diagram's colours: the first `.tree-diagram { … }` block, and the one for dark mode."""
    css = CSS.read_text(encoding="utf-8")
    blocks = re.findall(r"^\s*\.tree-diagram \{([^}]*)\}", css, re.M)
    pattern = re.compile(r"--tree-diagram-([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;")
    light, dark = (dict(pattern.findall(block)) for block in blocks[:2])
    assert "prefers-color-scheme: dark" in css[:css.index("--tree-diagram-bg: " + dark["bg"])]
    return {"light": light, "dark": dark}


TEXT_PAIRS = [("text", f"{kind}-fill") for kind in KIND.values()] + [("label", "bg"), ("restart", "bg")]
GRAPHIC_PAIRS = ([(f"{kind}-line", "bg") for kind in KIND.values()] + [("line", "bg"), ("focus", "bg")]
                 + [("icon-mark", f"{kind}-line") for kind in KIND.values()]
                 + [("focus", f"{kind}-fill") for kind in KIND.values()])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stylesheet_colours_have_enough_contrast(scheme):
    colours = palettes()
    assert set(colours["light"]) == set(colours["dark"])
    palette = colours[scheme]
    used = set(re.findall(r"var\(--tree-diagram-([a-z-]+)\)", CSS.read_text(encoding="utf-8")))
    assert used <= set(palette), used - set(palette)
    low = [(a, b, round(contrast(palette[a], palette[b]), 2)) for a, b in TEXT_PAIRS
           if contrast(palette[a], palette[b]) < 4.5]
    low += [(a, b, round(contrast(palette[a], palette[b]), 2)) for a, b in GRAPHIC_PAIRS
            if contrast(palette[a], palette[b]) < 3]
    assert low == []


def test_stylesheet_keeps_the_drawing_at_its_size_and_scrolls_it():
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"^\.tree-diagram \{[^}]*overflow-x: auto", css, re.M)
    assert "max-width: none" in css
