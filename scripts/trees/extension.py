"""Python-Markdown extension: a troubleshooting tree page becomes one section per node, the
wizard's buttons and "your answers", and a map of the whole tree (a drawing and nested lists);
a page that asks for it (setting `tree_maps_marker`) gets every tree's map and the answers that
lead to each solution, for support agents.

Without JavaScript the page reads as a list of questions whose answers are links, and each
solution ends with "end of this path", the answers that lead to it and links back to the
start and to the map. With it, docs/assets/javascripts/tree.js shows one node at a time and
fills "your answers". The tree itself comes from the context (the plugin parses and validates
the page's Markdown first); a page that is not a valid tree is left as it is.

    this Markdown                              this HTML
    ## ¿Spam? {#spam .pregunta .inicio}   ->   <div class="tree" data-tree data-start="spam">
    - [Sí](#fin)                                 <section class="tree-node tree-node--question"
    ## Listo {#fin .solucion}                             data-node="spam" data-next="fin">…</section>
                                                 <section … data-node="fin">…<div class="tree-end">…</div>
                                                 </section>
                                                 <div class="tree-controls" hidden>…</div>
                                                 <div class="tree-trail" hidden data-tree-trail>…</div>
                                                 <details class="tree-map" id="map">…</details></div>
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import util
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from scripts.core.context import PageContext, mark_lines, replace_placeholder
from scripts.trees import diagram, model

REVIEW_CLASS = "page-review"  # the section that ends every page (scripts/trust/review.py)
MAPS_PLACEHOLDER = "\u0002guide-tree-maps\u0003"
_ANCHOR_ONLY_RE = re.compile(r"^#[^\s#]+$")


def _setting(context: PageContext, name: str, default):
    return getattr(context.settings, name, default) if context.settings is not None else default


class AnswersApart(Preprocessor):
    """Set each block of answers apart, so that it renders as its own list after any text
    (Markdown would join it to an ordered list or a paragraph just above)."""

    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        if self.context.tree is None:
            return lines
        return model.mark_answers("\n".join(lines)).split("\n")


class MapsMarker(Preprocessor):
    """The line that asks for every tree's map becomes a placeholder paragraph."""

    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        marker = _setting(self.context, "tree_maps_marker", "<!-- tree-maps -->")
        return mark_lines(lines, marker, MAPS_PLACEHOLDER)


class TreeMapBlock(Treeprocessor):
    """The map, added before MkDocs collects the page's IDs (5), so that links to it count as
    links to an ID of the page; TreeSections then puts it in its place."""

    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        tree = self.context.tree
        if tree is None or not tree.start:
            return
        root.append(tree_map(tree, self.context.labels, drawing=_setting(self.context, "tree_diagram", True)))


class TreeSections(Treeprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        tree = self.context.tree
        if tree is None or not tree.start:
            return
        children = list(root)
        block = next((el for el in children if el.tag == "details" and el.get("id") == tree.map_id
                      and "tree-map" in (el.get("class") or "").split()), None)
        if block is not None:
            root.remove(block)
            children.remove(block)
        starts = [i for i, el in enumerate(children) if el.tag == "h2" and el.get("id") in tree.nodes]
        if not starts:
            return
        first = starts[0]
        # The nodes end at the review section, or at the first h2 that is not a node.
        end = next((i for i, el in enumerate(children)
                    if i > first and (REVIEW_CLASS in (el.get("class") or "").split()
                                      or (el.tag == "h2" and el.get("id") not in tree.nodes))), len(children))
        intro, body, outro = children[:first], children[first:end], children[end:]
        wrapper = etree.Element("div", {"class": "tree", "data-tree": "", "data-start": tree.start})
        wrapper.extend(intro)
        labels = self.context.labels
        sections: dict[str, etree.Element] = {}
        section = None
        for element in body:
            if self._is_mark(element):
                continue
            if element.tag == "h2" and element.get("id") in tree.nodes:
                section = node_section(tree.nodes[element.get("id")], tree)
                sections[element.get("id")] = section
                wrapper.append(section)
            if element.tag == "ul" and _is_answer_list(element):
                element.set("class", "tree-answers")
                for link in element.iter("a"):  # the author's restart class, in the generator's words
                    if tree.classes.restart in (link.get("class") or "").split():
                        link.set("class", f"{link.get('class')} tree-restart")
            section.append(element)
        for node in model.outcomes(tree):
            if node.id in sections:
                sections[node.id].append(end_of_path(node, tree, labels))
        controls = etree.SubElement(wrapper, "div", {"class": "tree-controls", "hidden": ""})
        for attribute, label in (("data-tree-back", "tree_back"), ("data-tree-restart", "tree_restart")):
            button = etree.SubElement(controls, "button", {"type": "button", "class": "md-button", attribute: ""})
            button.text = labels.get(label, "")
        wrapper.append(trail(labels))
        if block is not None:
            wrapper.append(block)
        for element in children:
            root.remove(element)
        root.append(wrapper)
        root.extend(outro)
        _tidy(wrapper)

    def _is_mark(self, element: etree.Element) -> bool:
        """The placeholder Python-Markdown leaves for the answers' mark (an HTML comment)."""
        text = (element.text or "").strip()
        if element.tag != "p" or len(element) or not text.startswith(util.STX):
            return False
        index = text[len(util.HTML_PLACEHOLDER.split("%s")[0]):-1]
        blocks = self.md.htmlStash.rawHtmlBlocks
        return index.isdigit() and int(index) < len(blocks) and str(blocks[int(index)]).strip() == model.ANSWERS_MARK


class TreeMaps(Treeprocessor):
    """Where the page asks for it: each tree of the page's language, its map and the answers
    that lead to each solution. Links are to the tree pages' Markdown files, so MkDocs checks
    them and makes them URLs (it runs next)."""

    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        here = self.context.page.rel if self.context.page is not None else ""
        block = replace_placeholder(root, MAPS_PLACEHOLDER, lambda: all_maps(
            self.context.trees, here, self.context.labels, drawing=_setting(self.context, "tree_diagram", True)))
        if block is not None:
            _tidy(block)

BLOCKS = {"div", "section", "details", "summary", "ul", "li", "p", "button", "ol", "h2", "h3"}


def _tidy(element: etree.Element) -> None:
    """One block element per line, as Python-Markdown writes its own (it has done so already
    when this runs)."""
    if element.tag in BLOCKS:
        children = list(element)
        if children and any(child.tag in BLOCKS for child in children) and not (element.text or "").strip():
            element.text = "\n"
        element.tail = (element.tail or "").rstrip(" ") if (element.tail or "").strip() else "\n"
        for child in children:
            _tidy(child)


def _is_answer_list(element: etree.Element) -> bool:
    """A list whose every item is one link to a node of this page."""
    items = list(element)
    return bool(items) and all(
        len(item) == 1 and item[0].tag == "a" and _ANCHOR_ONLY_RE.match(item[0].get("href") or "")
        and not (item.text or "").strip() and not (item[0].tail or "").strip() for item in items)


def node_section(node: model.Node, tree: model.Tree) -> etree.Element:
    following = " ".join(dict.fromkeys(a.target for a in node.onward if a.target in tree.nodes))
    role = tree.classes.role(node.kind)
    attributes = {"class": f"tree-node tree-node--{role}", "data-node": node.id, "data-kind": role}
    if node.start:
        attributes["data-start"] = ""
    attributes["data-next"] = following
    return etree.Element("section", attributes)


def _same_page(node_id: str) -> str:
    return "#" + node_id


def path_line(parent: etree.Element, path: tuple[model.Choice, ...], href: Callable[[str], str]) -> None:
    """One path as a line of text: each question (a link to it) and the answer given, joined
    by arrows: "¿Spam? No → ¿Usas ese correo? No"."""
    last = None
    for index, choice in enumerate(path):
        if index:
            last.tail = (last.tail or "") + " → "
        question = etree.SubElement(parent, "a", {"href": href(choice.question.id), "class": "tree-path__question"})
        question.text = model.plain(choice.question.title)
        question.tail = " "
        last = etree.SubElement(parent, "strong", {"class": "tree-path__answer"})
        last.text = model.plain(choice.answer.text)


def end_of_path(node: model.Node, tree: model.Tree, labels: dict[str, str]) -> etree.Element:
    """The visible end of a solution: the answers that lead to it, and links back to the start
    and to the map, so that a reader without JavaScript does not read on into the next node."""
    end = etree.Element("div", {"class": "tree-end"})
    title = etree.SubElement(etree.SubElement(end, "p", {"class": "tree-end__title"}), "strong")
    title.text = labels.get("tree_end", "")
    paths = [p for p in model.paths_to(tree, node.id) if p]
    if paths:
        box = etree.SubElement(end, "div", {"class": "tree-end__paths"})
        etree.SubElement(box, "p").text = labels.get("tree_paths", "")
        listing = etree.SubElement(box, "ul", {"class": "tree-paths"})
        for path in paths:
            path_line(etree.SubElement(listing, "li"), path, _same_page)
    links = etree.SubElement(end, "p", {"class": "tree-end__links"})
    again = etree.SubElement(links, "a", {"href": "#" + tree.start, "class": "tree-end__start"})
    again.text = labels.get("tree_restart", "")
    again.tail = " "
    etree.SubElement(links, "a", {"href": "#" + tree.map_id, "class": "tree-end__map"}).text = labels.get("tree_map", "")
    return end


def trail(labels: dict[str, str]) -> etree.Element:
    """The empty frame of "your answers", which tree.js fills; its words ride on it (no text
    a reader without JavaScript would not see)."""
    return etree.Element("div", {"class": "tree-trail", "hidden": "", "data-tree-trail": "",
                                 "data-title": labels.get("tree_your_answers", ""),
                                 "data-change": labels.get("tree_change", ""),
                                 "data-change-hint": labels.get("tree_change_hint", "")})


def tree_drawing(tree: model.Tree, labels: dict[str, str], href: Callable[[str], str] = _same_page,
                 id_prefix: str = "map") -> etree.Element:
    """The tree drawn as inline SVG (scripts/trees/diagram.py), in its scrolling wrapper."""
    wrapper = etree.Element("div", {"class": diagram.WRAPPER_CLASS})
    boxes, arrows = diagram.from_tree(tree)
    wrapper.append(diagram.element(
        boxes, arrows, title=labels.get("tree_diagram_title", "{title}").format(title=tree.title),
        description=labels.get("tree_diagram_desc", ""), href=href, id_prefix=id_prefix))
    return wrapper


def tree_map(tree: model.Tree, labels: dict[str, str], *, drawing: bool = True,
             href: Callable[[str], str] = _same_page, block_id: str | bool | None = None,
             id_prefix: str | None = None) -> etree.Element:
    """The whole tree in a closed <details>: a drawing, and the same as nested lists (the
    drawing's text alternative, and the wizard's); each node a link to its ID. `block_id`:
    the block's ID (the tree's map ID by default; False: none)."""
    attributes = {"class": "tree-map"}
    if block_id is not False:
        attributes["id"] = block_id or tree.map_id
    details = etree.Element("details", attributes)
    etree.SubElement(details, "summary").text = labels.get("tree_map", "")
    etree.SubElement(details, "p", {"class": "tree-map__help"}).text = labels.get("tree_map_help", "")
    outline = model.outline(tree)
    if outline is None:
        return details
    if drawing:
        details.append(tree_drawing(tree, labels, href, id_prefix or tree.map_id))
        etree.SubElement(details, "p", {"class": "tree-map__list-title"}).text = labels.get("tree_map_list", "")
    root = etree.SubElement(details, "div", {"class": "tree-map__root"})
    _map_node(root, outline, tree, labels, href)
    return details


def all_maps(found: list, here: str, labels: dict[str, str], drawing: bool = True) -> etree.Element:
    """Every tree (`found`: (page path, tree) pairs) with its map and, for each solution, the
    answers that lead to it. `here` is the page's path, for relative links."""
    block = etree.Element("div", {"class": "tree-maps"})
    folder = posixpath.dirname(here)
    for rel, tree in found:
        link = posixpath.relpath(rel, folder or ".")

        def href(node_id: str, link=link) -> str:
            return f"{link}#{node_id}"

        heading = etree.SubElement(block, "h3", {"class": "tree-maps__title"})
        etree.SubElement(heading, "a", {"href": link}).text = tree.title
        stem = posixpath.basename(rel)[:-3] if rel.endswith(".md") else posixpath.basename(rel)
        block.append(tree_map(tree, labels, drawing=drawing, href=href, block_id=False,
                              id_prefix=f"{tree.map_id}-{stem}"))
        etree.SubElement(block, "p", {"class": "tree-maps__paths"}).text = labels.get("tree_maps_paths", "")
        listing = etree.SubElement(block, "ul", {"class": "tree-paths"})
        for node in model.outcomes(tree):
            for path in model.paths_to(tree, node.id):
                item = etree.SubElement(listing, "li")
                path_line(item, path, href)
                if len(item):
                    item[-1].tail = " → "
                end = etree.SubElement(item, "a", {"href": href(node.id), "class": "tree-path__end"})
                end.text = model.plain(node.title)
                _kind_label(item, node.kind, tree, labels)
    return block


def _kind_label(parent: etree.Element, kind: str, tree: model.Tree, labels: dict[str, str]) -> None:
    words = {tree.classes.solution: labels.get("tree_solution"), tree.classes.in_person: labels.get("tree_in_person")}
    if words.get(kind):
        span = etree.SubElement(parent, "span", {"class": "tree-map__kind"})
        span.text = f"({words[kind]})"
        span.tail = ""
        _space_before(parent, span)


def _space_before(parent: etree.Element, element: etree.Element) -> None:
    children = list(parent)
    index = children.index(element)
    if index:
        previous = children[index - 1]
        previous.tail = (previous.tail or "") + " "


def _map_node(parent: etree.Element, node: dict, tree: model.Tree, labels: dict[str, str],
              href: Callable[[str], str] = _same_page) -> None:
    link = etree.SubElement(parent, "a", {"href": href(node["id"]),
                                          "class": f"tree-map__node tree-map__node--{tree.classes.role(node['kind'])}"})
    link.text = node["title"]
    _kind_label(parent, node["kind"], tree, labels)
    if not node["answers"]:
        return
    answers = etree.SubElement(parent, "ul", {"class": "tree-map__answers"})
    for answer in node["answers"]:
        item = etree.SubElement(answers, "li")
        etree.SubElement(item, "span", {"class": "tree-map__answer"}).text = answer["text"]
        if answer["node"]:
            _map_node(etree.SubElement(item, "div", {"class": "tree-map__next"}), answer["node"], tree, labels, href)
            continue
        arrow = etree.SubElement(item, "span", {"aria-hidden": "true"})
        arrow.text = "→"
        arrow.tail = " "
        _space_before(item, arrow)
        if answer["restart"]:
            etree.SubElement(item, "a", {"href": href(answer["target"]), "class": "tree-map__restart"}).text = \
                labels.get("tree_restart", "")
        else:
            repeat = etree.SubElement(item, "a", {"href": href(answer["target"]), "class": "tree-map__repeat"})
            repeat.text = answer["title"]
            see = etree.SubElement(item, "span", {"class": "tree-map__kind"})
            see.text = f"({labels.get('tree_see_above', '')})"
            _space_before(item, see)


class TreeExtension(Extension):
    def __init__(self, context: PageContext | None = None, **kwargs):
        self.context = context or PageContext()
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(AnswersApart(md, self.context), "guide_tree_answers", 26)
        md.preprocessors.register(MapsMarker(md, self.context), "guide_tree_maps_marker", 29)
        # before MkDocs collects the page's IDs (5)
        md.treeprocessors.register(TreeMapBlock(md, self.context), "guide_tree_map", 6)
        # after MkDocs has read the page's title from its first element (1), before it checks the
        # page's links (0)
        md.treeprocessors.register(TreeSections(md, self.context), "guide_tree_sections", 0.5)
        md.treeprocessors.register(TreeMaps(md, self.context), "guide_tree_maps", 0.4)
