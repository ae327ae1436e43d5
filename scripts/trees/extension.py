"""Python-Markdown extension: a troubleshooting tree page becomes one section per node, a map
of the whole tree and the wizard's buttons.

Without JavaScript the page reads as a list of questions whose answers are links; with it,
docs/assets/javascripts/tree.js shows one node at a time. The tree itself comes from the
context (the plugin parses and validates the page's Markdown first); a page that is not a
valid tree is left as it is.

    this Markdown                              this HTML
    ## ¿Spam? {#spam .pregunta .inicio}   ->   <div class="tree" data-tree data-start="spam">
    - [Sí](#fin)                                 <details class="tree-map">…</details>
    ## Listo {#fin .solucion}                    <section class="tree-node tree-node--question"
                                                          data-node="spam" data-next="fin">…</section>
                                                 …<div class="tree-controls" hidden>…</div></div>
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from scripts.core.context import PageContext
from scripts.trees import model

REVIEW_CLASS = "page-review"  # the section that ends every page (scripts/trust/review.py)
_ANCHOR_ONLY_RE = re.compile(r"^#[^\s#]+$")


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


class TreeSections(Treeprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        tree = self.context.tree
        if tree is None or not tree.start:
            return
        children = list(root)
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
        wrapper.append(tree_map(tree, labels))
        section = None
        for element in body:
            if self._is_mark(element):
                continue
            if element.tag == "h2" and element.get("id") in tree.nodes:
                section = node_section(tree.nodes[element.get("id")], tree)
                wrapper.append(section)
            if element.tag == "ul" and _is_answer_list(element):
                element.set("class", "tree-answers")
                for link in element.iter("a"):  # the author's restart class, in the generator's words
                    if tree.classes.restart in (link.get("class") or "").split():
                        link.set("class", f"{link.get('class')} tree-restart")
            section.append(element)
        controls = etree.SubElement(wrapper, "div", {"class": "tree-controls", "hidden": ""})
        for attribute, label in (("data-tree-back", "tree_back"), ("data-tree-restart", "tree_restart")):
            button = etree.SubElement(controls, "button", {"type": "button", "class": "md-button", attribute: ""})
            button.text = labels.get(label, "")
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


BLOCKS = {"div", "section", "details", "summary", "ul", "li", "p", "button"}


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


def tree_map(tree: model.Tree, labels: dict[str, str]) -> etree.Element:
    """The whole tree as nested lists in a closed <details>: the text alternative of the
    wizard, and a way to jump to any node."""
    details = etree.Element("details", {"class": "tree-map"})
    etree.SubElement(details, "summary").text = labels.get("tree_map", "")
    etree.SubElement(details, "p", {"class": "tree-map__help"}).text = labels.get("tree_map_help", "")
    outline = model.outline(tree)
    if outline is not None:
        root = etree.SubElement(details, "div", {"class": "tree-map__root"})
        _map_node(root, outline, tree, labels)
    return details


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


def _map_node(parent: etree.Element, node: dict, tree: model.Tree, labels: dict[str, str]) -> None:
    link = etree.SubElement(parent, "a", {"href": f"#{node['id']}",
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
            _map_node(etree.SubElement(item, "div", {"class": "tree-map__next"}), answer["node"], tree, labels)
            continue
        arrow = etree.SubElement(item, "span", {"aria-hidden": "true"})
        arrow.text = "→"
        arrow.tail = " "
        _space_before(item, arrow)
        if answer["restart"]:
            etree.SubElement(item, "a", {"href": f"#{answer['target']}", "class": "tree-map__restart"}).text = \
                labels.get("tree_restart", "")
        else:
            repeat = etree.SubElement(item, "a", {"href": f"#{answer['target']}", "class": "tree-map__repeat"})
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
        # after MkDocs has read the page's title from its first element (1), before it checks the
        # page's links (0)
        md.treeprocessors.register(TreeSections(md, self.context), "guide_tree_sections", 0.5)
