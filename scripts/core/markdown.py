"""One scanner for the Markdown of a page: fenced code, headings and attribute lists.

Every feature that reads a page's source (explicit IDs, tree nodes, evidence marks, step
markers, the shape of a guide) reads it through these functions, so "a heading", "an ID"
and "code that only shows an example" mean the same thing everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
ATX_RE = re.compile(r"^\s*(#{1,6})(?:\s+(.*?))?\s*$")
SETEXT_RE = re.compile(r"^\s*(=+|-{2,})\s*$")  # the line under a "setext" heading
# An attribute list at the end of a heading: `## Title {#id .class}` (or `{: #id }`).
HEADING_ATTRS_RE = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
# Any attribute list that sets an ID, on a block or inline: `{: #id }`, `{#id}`.
ATTR_ID_RE = re.compile(r"\{:?[^{}\n]*?(?<![\w&])#([^\s{}]+)[^{}\n]*\}")
HTML_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b([^<>]*)>")
HTML_ID_RE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
COMMENT_RE = re.compile(r"<!--.*?-->")


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with True when it is fenced code (the ``` or ~~~ lines included): markers,
    headings and links shown as examples inside code are not real ones."""
    fence: str | None = None
    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                fence = None
            yield line, True
        elif match := FENCE_RE.match(line):
            fence = match.group(1)
            yield line, True
        else:
            yield line, False


def attributes(text: str) -> tuple[str | None, tuple[str, ...]]:
    """The ID and classes of an attribute list's inside: '#revisar-spam .pregunta .inicio'."""
    ident, classes = None, []
    for token in text.split():
        if token.startswith("#"):
            ident = token[1:]
        elif token.startswith("."):
            classes.append(token[1:])
    return ident, tuple(classes)


@dataclass(frozen=True)
class Heading:
    """An ATX heading: its level, its title (Markdown, without attribute list), ID and classes."""

    level: int
    title: str
    id: str | None
    classes: tuple[str, ...]


def heading(line: str) -> Heading | None:
    """The heading on a line, if there is one: '## Title {#id .a}' -> Heading(2, 'Title', 'id', ('a',))."""
    match = ATX_RE.match(line)
    if not match:
        return None
    raw = re.sub(r"\s+#+\s*$", "", match.group(2) or "")  # optional closing hashes: '## Title ##'
    found = HEADING_ATTRS_RE.search(raw)
    if not found:
        return Heading(len(match.group(1)), raw.strip(), None, ())
    ident, classes = attributes(found.group(1))
    return Heading(len(match.group(1)), raw[: found.start()].strip(), ident, classes)


def headings(text: str, first_line: int = 1) -> Iterator[tuple[int, Heading]]:
    """(line, heading) for every heading outside fenced code."""
    for number, (line, code) in enumerate(fenced(text.splitlines()), start=first_line):
        if not code and (found := heading(line)):
            yield number, found
