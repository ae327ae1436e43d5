"""The explicit IDs of each page: headings `{#id}`, step anchors, and IDs in raw HTML.

An explicit ID is a promise: support agents and readers link to it, in either language.
This module finds them in the Markdown sources (after filling the step markers in
memory, as the build does) and checks that:

- every heading has one, and every ID is lowercase ASCII words joined by '-';
- no ID appears twice on a page;
- a page and its translation have the same set of IDs (so the language link can keep the
  fragment).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import markdown

from scripts.steps import markers as steps
from scripts.core.facts import Catalog
from scripts.core.vocabulary import ID_HINT, ID_RE, language_name
from scripts.core.errors import ContentError
from scripts.core import markdown as markdown_scan
from scripts.core.markdown import fenced
from scripts.core.pages import Page, pairs
from scripts.core.project import Project
from scripts.core.report import Report

COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"
TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Anchor:
    """One explicit ID on a page. `kind` is 'heading', 'step' or 'html' (raw HTML or an attribute list)."""

    id: str
    kind: str
    line: int  # in the page file, 1-based
    level: int = 0  # headings: 1-6
    text: str = ""  # headings: the Markdown of the title, without its attribute list
    classes: tuple[str, ...] = ()
    procedure: str = ""  # steps: the procedure and step IDs
    step: str = ""

    @property
    def title(self) -> str:
        """The heading's title as plain text."""
        return plain(self.text)


@dataclass
class PageAnchors:
    """A page and the explicit IDs found in it, in document order."""

    page: Page
    anchors: list[Anchor] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)

    @cached_property
    def ids(self) -> dict[str, Anchor]:
        out: dict[str, Anchor] = {}
        for anchor in self.anchors:
            out.setdefault(anchor.id, anchor)
        return out

    @property
    def headings(self) -> list[Anchor]:
        return [a for a in self.anchors if a.kind == "heading"]


# Text that renders as itself: no inline markup, and no start that makes a block (a list,
# a heading, a quote, code).
_LITERAL_RE = re.compile(r"^(?![ \t]*(?:[#>+*-]|\d+[.)]|[ \t]{4}))[^*_`\[\]<>&\\!|~=]*$")


@lru_cache(maxsize=None)
def _renderer() -> markdown.Markdown:
    return markdown.Markdown()


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Inline Markdown as plain text: '¿Qué es **esto**?' -> '¿Qué es esto?'. A pure function
    of the text, so each title is rendered once, by one Markdown instance."""
    if _LITERAL_RE.match(text):
        return " ".join(text.split())  # nothing Markdown would change
    rendered = _renderer().reset().convert(text)
    return " ".join(html.unescape(TAG_RE.sub("", rendered)).split())


def scan(page: Page, catalog: Catalog | None, name: str) -> PageAnchors:
    """Every explicit ID of a page, and the headings that lack one."""
    text = page.text
    if catalog is not None and "steps" in text:
        try:
            text, _ = steps.sync_text(text, page.language, catalog, name)
        except ContentError:
            pass  # `make check` reports bad markers through steps.check
    try:
        regions = steps.find_regions(text, name) if "steps" in text else []
    except ContentError:
        regions = []  # an unclosed marker: steps.check reports it; the page's IDs still count
    step_lines = {}
    for region in regions:
        for number in range(region.open_line, region.close_line + 1):
            step_lines[number] = region.procedure_id
    result = PageAnchors(page)
    front = page.body_offset  # sync changes only the body, so front matter lines stay put
    lines = text.splitlines()
    in_comment = False
    previous = ""
    for index, (line, code) in enumerate(fenced(lines), start=1):
        if index <= front:
            continue
        if code and not in_comment:
            previous = ""
            continue
        if in_comment:
            if COMMENT_CLOSE in line:
                in_comment = False
                line = line[line.index(COMMENT_CLOSE) + 3:]
            else:
                continue
        # Drop comments on this line; remember one left open.
        line = re.sub(r"<!--.*?-->", "", line)
        if COMMENT_OPEN in line:
            line, in_comment = line[: line.index(COMMENT_OPEN)], True
        if found := markdown_scan.heading(line):
            title, ident, classes, level = found.title, found.id, found.classes, found.level
            if ident is None:
                result.problems.append(ContentError(
                    name, index, f"heading '{title[:60]}' has no explicit ID",
                    "add one at the end of the line, like {#" + suggest(title) + "}"))
            else:
                result.anchors.append(Anchor(ident, "heading", index, level, title, classes))
            previous = line
            continue
        if markdown_scan.SETEXT_RE.match(line) and _is_paragraph_text(previous):
            result.problems.append(ContentError(
                name, index, f"the line under '{previous.strip()[:60]}' makes it a heading with no explicit ID",
                "write the heading as '## Title {#id}', or leave a blank line above the rule"))
        for tag in markdown_scan.HTML_TAG_RE.finditer(line):
            tag_name, attrs = tag.group(1).lower(), tag.group(2)
            id_match = markdown_scan.HTML_ID_RE.search(" " + attrs)
            if re.fullmatch(r"h[1-6]", tag_name) and not id_match:
                result.problems.append(ContentError(name, index, f"<{tag_name}> heading has no id",
                                                    "add id=\"…\", or write it as a Markdown heading with {#id}"))
            if not id_match:
                continue
            ident = next(g for g in id_match.groups() if g is not None)
            procedure = step_lines.get(index, "")
            if procedure and tag_name == "li" and ident.startswith(procedure + "-"):
                result.anchors.append(Anchor(ident, "step", index, procedure=procedure,
                                             step=ident[len(procedure) + 1:]))
            elif re.fullmatch(r"h[1-6]", tag_name):
                inner = re.sub(r"</h[1-6]>.*$", "", line[tag.end():])
                result.anchors.append(Anchor(ident, "heading", index, int(tag_name[1]), inner.strip()))
            else:
                result.anchors.append(Anchor(ident, "html", index))
        for match in markdown_scan.ATTR_ID_RE.finditer(line):
            result.anchors.append(Anchor(match.group(1), "html", index))
        previous = line
    return result


def _is_paragraph_text(line: str) -> bool:
    """Could this line be the text of a setext heading (not a list item, table row, HTML…)?"""
    text = line.strip()
    if not text or text.startswith(("|", "<", "!!!", "???", ">", "#", "{")):
        return False
    return not re.match(r"^([-*+]|\d+[.)])\s", text)


def suggest(title: str) -> str:
    """A candidate ID for a heading: lowercase ASCII words joined by '-'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", plain(title)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:5]) or "id"


# ---------------------------------------------------------------------------
# The whole project


def scan_project(project: Project, catalog: Catalog | None = None) -> dict[str, dict[str, PageAnchors]]:
    """rel path -> {language: PageAnchors}, for every page in every language."""
    return scan_pairs(project, pairs(project), catalog)


def scan_pairs(project: Project, found_pairs: dict, catalog: Catalog | None,
               memo: dict | None = None, facts_key: object = None) -> dict[str, dict[str, PageAnchors]]:
    """`scan_project` over pages already listed (rel path -> {language: page}). With a `memo`
    (the live preview keeps one across rebuilds), a page whose text and facts (`facts_key`)
    are those of a scan before is not scanned again."""
    out: dict[str, dict[str, PageAnchors]] = {}
    for rel, versions in sorted(found_pairs.items()):
        for code, page in versions.items():
            try:
                key = (page.path, page.text, facts_key) if memo is not None else None
                found = memo.get(key) if key is not None else None
                if found is None:
                    found = scan(page, catalog, project.rel(page.path))
                    if key is not None:
                        memo[key] = found
                out.setdefault(rel, {})[code] = found
            except ContentError:
                continue  # a page that cannot be read: pages.check reports it
    return out


def problems(project: Project, scanned: dict[str, dict[str, PageAnchors]]) -> list[ContentError]:
    """Headings without IDs, badly formed IDs, duplicates, and IDs that differ between translations."""
    errors: list[ContentError] = []
    default = project.default_language.code
    for rel, versions in scanned.items():
        for code, found in versions.items():
            name = project.rel(found.page.path)
            errors.extend(found.problems)
            seen: dict[str, int] = {}
            for anchor in found.anchors:
                if not ID_RE.match(anchor.id):
                    errors.append(ContentError(name, anchor.line, f"ID '{anchor.id}' is not valid", ID_HINT))
                if anchor.id in seen:
                    errors.append(ContentError(name, anchor.line, f"ID '{anchor.id}' is used twice on this page",
                                               f"give each one its own ID (first use on line {seen[anchor.id]})"))
                seen.setdefault(anchor.id, anchor.line)
        source = versions.get(default)
        if source is None:
            continue  # pages.check reports the missing translation
        for code, found in versions.items():
            if code == default:
                continue
            missing = [i for i in source.ids if i not in found.ids]
            extra = [i for i in found.ids if i not in source.ids]
            if not (missing or extra):
                continue
            name = project.rel(found.page.path)
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if extra:
                parts.append(f"only in {language_name(code)}: {', '.join(extra)}")
            line = found.ids[extra[0]].line if extra else None
            errors.append(ContentError(
                name, line,
                f"IDs differ from {project.rel(source.page.path)}: {'; '.join(parts)}",
                "a page and its translation need the same explicit IDs, so links keep working "
                "when the reader switches language"))
    return errors


def check(session, report: Report) -> None:
    """Every heading has an explicit, well-formed ID; translations have the same IDs."""
    report.error(*problems(session.project, session.scanned))
