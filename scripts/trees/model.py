"""Troubleshooting trees: pages of questions whose answers lead, one by one, to a solution.

A page is a tree when its front matter says `tree: true`. Every `##` heading on it is a
node: an explicit ID and one kind class. The classes are settings (`tree_classes`); this
guide writes them in Spanish:

    ## ¿Está el correo en Spam? {#revisar-spam .pregunta .inicio}

    - [Sí, lo encontré](#encontrado-en-spam)
    - [No, no está](#correo-funciona)

Kinds: a question (`.pregunta` here), a solution (`.solucion`) and "go in person"
(`.en-persona`). A question's answers are list items made of one link to another node's
ID. Solutions and "go in person" outcomes end a path. The start class (`.inicio`) marks
the one start node. An answer that goes back to the start carries the restart class
(`{.volver-a-empezar}`); no other loop is allowed. Every language has the same nodes,
kinds and answers, in the same order.

The page is still plain Markdown: without JavaScript it reads as a list of questions
whose answers are links. The tree extension (scripts/trees/extension.py) adds the
sections, the map and the wizard's buttons; `docs/assets/javascripts/tree.js` shows one
question at a time.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from dataclasses import dataclass, field

from scripts.core.vocabulary import ID_HINT, ID_RE, language_name
from scripts.core.errors import ContentError
from scripts.core import markdown as markdown_scan
from scripts.core.markdown import fenced
from scripts.core.pages import Page
from scripts.core.project import Project
from scripts.core.report import Report

NODE_LEVEL = 2  # nodes are `##` headings

_ANSWER_RE = re.compile(
    r"^\s*[-*+]\s+\[(?P<text>[^\]]+)\]\(\s*#(?P<target>[^)\s]*)\s*\)\s*(?:\{(?P<attrs>[^{}]*)\})?\s*$")


@dataclass(frozen=True)
class Classes:
    """The classes that make a heading a node, and an answer the loop back to the start
    (setting `tree_classes`; this guide writes them in Spanish)."""

    question: str = "question"
    solution: str = "solution"
    in_person: str = "in-person"  # a solution that sends the reader to an office
    start: str = "start"
    restart: str = "restart"

    @classmethod
    def from_settings(cls, settings) -> "Classes":
        found = settings.tree_classes
        return cls(found.question, found.solution, found.in_person, found.start, found.restart)

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.question, self.solution, self.in_person)

    def role(self, kind: str) -> str:
        """What a kind of node is, in the generator's own words (CSS classes, tree.js): the
        classes an author writes are settings, in the guide's language."""
        return {self.question: "question", self.solution: "solution", self.in_person: "in-person"}.get(kind, kind)

    @property
    def outcomes(self) -> tuple[str, ...]:
        """A solution, and "go in person": each ends a path."""
        return (self.solution, self.in_person)

    @property
    def hint(self) -> str:
        return f"write the heading as '## Text {{#id .{self.question}}}' (or .{self.solution}, .{self.in_person})"

    @property
    def marker_re(self) -> re.Pattern:
        names = "|".join(re.escape(m) for m in (*self.kinds, self.start))
        return re.compile(r"\{[^{}]*\.(?:" + names + r")\b[^{}]*\}\s*$")


DEFAULT = Classes()
_INLINE_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)")


@dataclass(frozen=True)
class Option:
    """One answer a reader can give to a node's question: its words, and the node it leads to."""

    text: str
    target: str
    restart: bool  # marked with the restart class: the one kind of loop allowed
    line: int


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    title: str
    line: int
    start: bool
    answers: tuple[Option, ...]
    outcome: bool = False  # a solution or "go in person": it ends a path

    @property
    def is_outcome(self) -> bool:
        return self.outcome

    @property
    def onward(self) -> tuple[Option, ...]:
        """The answers that lead on, not back to the start."""
        return tuple(a for a in self.answers if not a.restart)


@dataclass
class Tree:
    name: str  # the page's path in its language folder, without .md
    path: str  # the file, as an editor types it, for error messages
    language: str
    classes: Classes = DEFAULT
    nodes: dict[str, Node] = field(default_factory=dict)  # in page order
    title_line: int = 1
    title: str = ""  # the page's `#` heading, as plain text
    map_id: str = "map"  # the ID of the map's block on the page (setting `tree_map_id`)
    problems: list[ContentError] = field(default_factory=list)  # found while reading

    @property
    def starts(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.start]

    @property
    def start(self) -> str | None:
        starts = self.starts
        return starts[0].id if len(starts) == 1 else None

    def error(self, line: int | None, node: str | None, message: str, hint: str) -> ContentError:
        where = f"tree '{self.name}' ({language_name(self.language)})"
        if node:
            where += f", node '{node}'"
        return ContentError(self.path, line, f"{where}: {message}", hint)


def plain(text: str) -> str:
    """A heading or answer as plain text, for the map: links and emphasis marks removed."""
    return " ".join(_EMPHASIS_RE.sub("", _INLINE_LINK_RE.sub(r"\1", text)).split())


def is_tree(page: Page) -> bool:
    return page.meta.get("tree") is True


def parse(body: str, path: str, language: str, name: str, first_line: int = 1, classes: Classes = DEFAULT,
          map_id: str = "map") -> Tree:
    """Read the nodes and answers of a tree page's Markdown body (without front matter).

    `first_line` is the file line of the body's first line, so errors point into the file.
    Problems of form (a heading that is not a node, a repeated ID) are kept in `problems`.
    """
    tree = Tree(name, path, language, classes, map_id=map_id)
    current: dict | None = None

    def close():
        if current:
            tree.nodes.setdefault(current["id"], Node(answers=tuple(current.pop("answers")), **current))

    for number, (line, code) in enumerate(fenced(body.splitlines()), start=first_line):
        if code:
            continue
        heading = markdown_scan.heading(line)
        if heading:
            level, ident, found_classes = heading.level, heading.id, heading.classes
            if level == 1:
                tree.title_line, tree.title = number, plain(heading.title)
                continue
            if level != NODE_LEVEL:
                if any(c in (*classes.kinds, classes.start) for c in found_classes):
                    tree.problems.append(tree.error(number, ident, f"a node must be a '##' heading, not '{'#' * level}'",
                                                    classes.hint))
                continue
            close()
            current = None
            kinds = [c for c in found_classes if c in classes.kinds]
            title = heading.title
            if not ident:
                tree.problems.append(tree.error(number, None, f"the heading '{title[:50]}' has no ID, so it is not a node",
                                                classes.hint))
                continue
            if not ID_RE.match(ident):
                tree.problems.append(tree.error(number, ident, f"'{ident}' is not a valid node ID", ID_HINT))
            if len(kinds) != 1:
                found = "no kind" if not kinds else "two kinds (" + ", ".join("." + k for k in kinds) + ")"
                tree.problems.append(tree.error(number, ident, f"the heading has {found}",
                                                "give it exactly one of " + ", ".join("." + k for k in classes.kinds)))
            if ident in tree.nodes:
                tree.problems.append(tree.error(number, ident, "this node ID is used twice",
                                                f"give each node its own ID (first use on line {tree.nodes[ident].line})"))
                continue
            kind = kinds[0] if kinds else ""
            current = {"id": ident, "kind": kind, "title": title, "line": number,
                       "start": classes.start in found_classes, "answers": [], "outcome": kind in classes.outcomes}
            continue
        if current and (answer := _ANSWER_RE.match(line)):
            _, option_classes = markdown_scan.attributes(answer.group("attrs") or "")
            current["answers"].append(Option(answer.group("text").strip(), answer.group("target"),
                                             classes.restart in option_classes, number))
    close()
    return tree


def from_page(page: Page, project: Project) -> Tree:
    name = page.rel[:-3] if page.rel.endswith(".md") else page.rel
    return parse(page.body, project.rel(page.path), page.language, name, page.body_offset + 1,
                 Classes.from_settings(project.settings), project.settings.tree_map_id)


# ---------------------------------------------------------------------------
# Validation


def validate(tree: Tree) -> list[ContentError]:
    """Everything wrong with one tree: start, answers, dead ends, loops, unreachable nodes."""
    errors = list(tree.problems)
    nodes = tree.nodes
    if not nodes:
        return errors + [tree.error(tree.title_line, None, "the page has no nodes", tree.classes.hint)]

    starts = tree.starts
    if not starts:
        errors.append(tree.error(tree.title_line, None, "there is no start node",
                                 f"add .{tree.classes.start} to the first question's heading: "
                                 f"{{#id .{tree.classes.question} .{tree.classes.start}}}"))
    for extra in starts[1:]:
        errors.append(tree.error(extra.line, extra.id, f"there is a second start node (the first is '{starts[0].id}')",
                                 f"keep .{tree.classes.start} on one heading only"))
    start = tree.start

    guesses: dict[str, str] = {}  # a mistyped target -> the node it was most likely meant for
    for node in nodes.values():
        if node.id == tree.map_id:
            errors.append(tree.error(node.line, node.id, f"'{node.id}' is the ID of the tree's map on this page",
                                     "give the node another ID (the map's is the setting tree_map_id)"))
        led_to: dict[str, Option] = {}
        for answer in node.answers:
            if answer.target in led_to and not answer.restart:
                errors.append(tree.error(answer.line, node.id,
                                         f"the answers '{led_to[answer.target].text[:40]}' and '{answer.text[:40]}' "
                                         f"both lead to '#{answer.target}', so the reader's path cannot tell them apart",
                                         "merge them into one answer, or point one to another node"))
            if not answer.restart:
                led_to.setdefault(answer.target, answer)
            if answer.target not in nodes:
                close = difflib.get_close_matches(answer.target, list(nodes), n=1)
                if close:
                    guesses[answer.target] = close[0]
                errors.append(tree.error(answer.line, node.id,
                                         f"the answer '{answer.text[:40]}' points to '#{answer.target}', "
                                         "which is not a node on this page",
                                         f"did you mean '#{close[0]}'?" if close else
                                         "point it to the {#id} of a '##' heading on this page"))
            elif answer.restart and start and answer.target != start:
                errors.append(tree.error(answer.line, node.id,
                                         f"the answer '{answer.text[:40]}' is marked .{tree.classes.restart} but points to "
                                         f"'#{answer.target}', not to the start node '{start}'",
                                         f"point it to #{start}, or remove {{.{tree.classes.restart}}}"))
        onward = [a for a in node.onward if a.target in nodes]
        if node.kind == tree.classes.question and not onward:
            errors.append(tree.error(node.line, node.id, "dead end: this question has no answer that leads on",
                                     f"add answers as '- [answer](#node-id)', or make it .{tree.classes.solution} or "
                                     f".{tree.classes.in_person}"))
        if node.is_outcome and node.onward:
            errors.append(tree.error(node.onward[0].line, node.id,
                                     f"a .{node.kind} node ends the path but has answers",
                                     f"make it a .{tree.classes.question}, or remove the answers"))

    errors.extend(_loops(tree))

    if start:
        # A node only a mistyped answer leads to is reached once the typo is fixed: report the
        # typo, not one "no path" per node behind it.
        reached = _reachable(tree, start, guesses)
        for node in nodes.values():
            if node.id not in reached:
                errors.append(tree.error(node.line, node.id, f"no path from the start node '{start}' reaches this node",
                                         "link to it from an answer, or remove it"))
    return errors


def _reachable(tree: Tree, start: str, guesses: dict[str, str] | None = None) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for answer in tree.nodes[queue.popleft()].answers:
            target = (guesses or {}).get(answer.target, answer.target)
            if target in tree.nodes and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _loops(tree: Tree) -> list[ContentError]:
    """Answers that lead back to a node already on the path, unless marked as start again."""
    errors, state = [], {}  # node -> 1 while on the current path, 2 when done

    def visit(node_id: str):
        state[node_id] = 1
        for answer in tree.nodes[node_id].onward:
            target = answer.target
            if target not in tree.nodes:
                continue
            if state.get(target) == 1:
                errors.append(tree.error(answer.line, node_id,
                                         f"the answer '{answer.text[:40]}' goes back to '{target}' and makes a loop",
                                         f"point it to a new node, or mark it as start again: "
                                         f"'- [text](#{tree.start or 'start'}){{.{tree.classes.restart}}}'"))
            elif target not in state:
                visit(target)
        state[node_id] = 2

    for node_id in tree.nodes:
        if node_id not in state:
            visit(node_id)
    return errors


def compare(source: Tree, translation: Tree) -> list[ContentError]:
    """Where a translation's structure differs from the source language's: nodes, kinds, answers."""
    errors = []
    theirs = language_name(source.language)

    def err(line, node, message, hint):
        errors.append(translation.error(line, node, message, hint))

    for node in source.nodes.values():
        other = translation.nodes.get(node.id)
        if other is None:
            err(translation.title_line, node.id, f"the node is missing (it is in the {theirs} page, {source.path}:{node.line})",
                f"add '## … {{#{node.id} .{node.kind}}}' with the same answers")
            continue
        if other.kind != node.kind:
            err(other.line, node.id, f"the node is .{other.kind} here but .{node.kind} in {theirs}",
                f"use .{node.kind}, as in {source.path}:{node.line}")
        if other.start != node.start:
            err(other.line, node.id, "the start node differs from " + theirs,
                f"put .{translation.classes.start} on the same node as in {source.path}")
        mine = [(a.target, a.restart) for a in other.answers]
        wanted = [(a.target, a.restart) for a in node.answers]
        if mine != wanted:
            err(other.line, node.id, f"the answers lead to {_edges(mine)} here but to {_edges(wanted)} in {theirs}",
                f"give the same answers in the same order as {source.path}:{node.line}")
    for node in translation.nodes.values():
        if node.id not in source.nodes:
            err(node.line, node.id, f"the node is not in the {theirs} page", f"add it to {source.path} too, or remove it")
    return errors


def _edges(edges: list[tuple[str, bool]]) -> str:
    shown = [("↺" if restart else "") + target for target, restart in edges]
    return "[" + ", ".join(shown) + "]" if shown else "nothing"


def check(session, report: Report) -> None:
    """Every tree page is a valid tree, the same in every language; node markers only on tree pages."""
    project = session.project
    default = project.default_language.code
    catalog = session.catalog_or_none
    any_tree = False
    for rel, versions in session.pairs.items():
        trees: dict[str, Tree] = {}
        for code, page in versions.items():
            if is_tree(page):
                tree = from_page(page, project)
                report.error(*validate(tree))
                if catalog is not None:
                    report.error(*retold_steps(page, tree, catalog))
                trees[code] = tree
                any_tree = True
            elif marker := _marker_line(page, Classes.from_settings(project.settings)):
                report.error(ContentError(project.rel(page.path), marker,
                                          "this page has tree node headings but no 'tree: true' in its front matter",
                                          "add 'tree: true', or remove the node classes"))
        if not trees:
            continue
        for code, page in versions.items():
            if code not in trees:
                source = next(iter(trees.values()))
                report.error(ContentError(project.rel(page.path), 1,
                                          f"{source.path} is a tree but this translation has no 'tree: true'",
                                          "add 'tree: true' to the front matter and write the same nodes"))
        source = trees.get(default)
        if source and not validate(source):  # a broken source: its own errors say why, once
            for code, tree in trees.items():
                if code != default:
                    report.error(*compare(source, tree))
    if any_tree and catalog is not None and (problem := missing_strings(catalog)):
        report.error(problem)


# Every interface string (data/site.yml) a tree page uses: the extension's and tree.js's.
STRINGS = ("tree_back", "tree_restart", "tree_map", "tree_map_help", "tree_solution", "tree_in_person",
           "tree_see_above", "tree_your_answers", "tree_change", "tree_change_hint", "tree_end", "tree_paths",
           "tree_map_list", "tree_diagram_title", "tree_diagram_desc", "tree_maps_paths")


def missing_strings(catalog) -> ContentError | None:
    """An error naming the interface strings of data/site.yml the trees need and lack."""
    missing = [key for key in STRINGS if key not in catalog.site.interface]
    if not missing:
        return None
    return catalog.files["site"].error(("interface",), f"interface text(s) missing: {', '.join(missing)}",
                                       "add each under interface:, with one text per language")


_LIST_ITEM_RE = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(?P<text>\S.*?)\s*$")
_WORD_RE = re.compile(r"\w+")
RETOLD_RATIO = 0.9  # this close to a step's words, a list item is that step copied by hand (and maybe drifted)
RETOLD_MIN_WORDS = 3


def _words(text: str) -> str:
    return " ".join(_WORD_RE.findall(plain(text).lower()))


def retold_steps(page: Page, tree: Tree, catalog) -> list[ContentError]:
    """List items in a node that repeat a step of data/procedures.yml by hand. A copy drifts
    from the data; the sync markers show the step itself, the same on the guide, in the tree
    and in the reply texts."""
    from scripts.steps import markers as steps

    language = page.language
    known = [(procedure, step, _words(step.text[language])) for procedure in catalog.procedures.values()
             for step in procedure.steps if language in step.text]
    try:
        regions = steps.find_regions(page.text, tree.path) if "steps" in page.text else []
    except ContentError:
        return []  # bad markers: the steps check reports them
    synced = {line for region in regions for line in range(region.open_line, region.close_line + 1)}
    starts = sorted((node.line, node) for node in tree.nodes.values())
    errors = []
    lines = page.text.splitlines()
    for index, (first, node) in enumerate(starts):
        last = starts[index + 1][0] if index + 1 < len(starts) else len(lines) + 1
        for number, (line, code) in enumerate(fenced(lines[first:last - 1]), start=first + 1):
            item = _LIST_ITEM_RE.match(line)
            if code or number in synced or not item or _ANSWER_RE.match(line):
                continue
            mine = _words(item.group("text"))
            if len(mine.split()) < RETOLD_MIN_WORDS:
                continue
            best = max(known, key=lambda k: difflib.SequenceMatcher(None, mine, k[2]).ratio(), default=None)
            if best and difflib.SequenceMatcher(None, mine, best[2]).ratio() >= RETOLD_RATIO:
                procedure, step, _ = best
                errors.append(tree.error(number, node.id,
                                         f"this list item retells step {step.number} of '{procedure.id}' "
                                         f"(«{plain(step.text[language])[:60]}»)",
                                         f"show the step itself: <!-- steps: {procedure.id} {step.id} --> and "
                                         "<!-- /steps -->, then run make sync"))
    return errors


def _marker_line(page: Page, classes: Classes) -> int | None:
    if "{" not in page.body:
        return None
    pattern = classes.marker_re
    for number, line in enumerate(page.body.splitlines(), start=page.body_offset + 1):
        if line.startswith("#") and pattern.search(line):
            return number
    return None


# ---------------------------------------------------------------------------
# For the page: the map of the tree, and the built HTML cut into one section per node


def outline(tree: Tree) -> dict | None:
    """The tree from its start, for the map: each node once, later meetings as references."""
    if not tree.start:
        return None
    seen: set[str] = set()

    def visit(node_id: str) -> dict:
        node = tree.nodes[node_id]
        seen.add(node_id)
        answers = []
        for answer in node.answers:
            target = tree.nodes.get(answer.target)
            if target is None:
                continue
            item = {"text": plain(answer.text), "target": target.id, "title": plain(target.title),
                    "kind": target.kind, "restart": answer.restart, "repeat": False, "node": None}
            if answer.restart:
                pass
            elif target.id in seen:
                item["repeat"] = True
            else:
                item["node"] = visit(target.id)
            answers.append(item)
        return {"id": node.id, "title": plain(node.title), "kind": node.kind, "answers": answers}

    return visit(tree.start)


@dataclass(frozen=True)
class Choice:
    """One answered question on a path: the question and the answer the reader chose."""

    question: Node
    answer: Option


def paths_to(tree: Tree, node_id: str) -> list[tuple[Choice, ...]]:
    """Every way from the start to a node, as the answers given on the way, in page order of
    the answers; answers that start again are left out. The start itself: one empty path."""
    if not tree.start or node_id not in tree.nodes:
        return []
    found: list[tuple[Choice, ...]] = []

    def walk(here: str, trail: tuple[Choice, ...], seen: frozenset[str]) -> None:
        if here == node_id:
            found.append(trail)
            return
        node = tree.nodes[here]
        for answer in node.onward:
            if answer.target in tree.nodes and answer.target not in seen:
                walk(answer.target, trail + (Choice(node, answer),), seen | {answer.target})

    walk(tree.start, (), frozenset([tree.start]))
    return found


def outcomes(tree: Tree) -> list[Node]:
    """The nodes that end a path (solutions and "go in person"), in page order."""
    return [node for node in tree.nodes.values() if node.is_outcome]


ANSWERS_MARK = "<!-- tree-answers -->"


def mark_answers(markdown: str) -> str:
    """Set each block of answers apart, so it renders as its own list after any text.

    Markdown would join answers to an ordered list just above them, or to a paragraph
    line with no blank line between: editors need not know that. The mark is an HTML
    comment, which the tree extension removes once the list stands alone.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    in_node = in_answers = False
    for line, code in fenced(lines):
        if not code and line.startswith("## "):
            in_node = True
        is_answer = in_node and not code and bool(_ANSWER_RE.match(line))
        if is_answer and not in_answers:
            out.extend(["", ANSWERS_MARK, ""])
        elif in_answers and not is_answer and line.strip():
            out.append("")
        if is_answer or line.strip():
            in_answers = is_answer
        out.append(line)
    return "\n".join(out)
