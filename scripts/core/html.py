"""Read a built HTML page: its language, element IDs, and every URL it references.

Shared by the site checks (links, anchors, third-party requests, evidence marks, the
Content-Security-Policy) and the tests. A session (scripts/core/session.py) parses each
built page once for all of them. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import NamedTuple

# Attributes whose value the browser loads, or the reader follows.
URL_ATTRS = {"href", "src", "poster", "data", "action", "formaction", "cite"}


class Reference(NamedTuple):
    """One URL in a page. `text` is the link text for <a>, else ''.

    `in_content`: inside the page's `<article>` (what the page says, not the theme's frame);
    `in_review`: inside its review and sources section (which cites documents rather than
    sending the reader to act).
    """

    tag: str
    attr: str
    url: str
    rel: str
    line: int
    text: str = ""
    hreflang: str = ""
    in_content: bool = False
    in_review: bool = False

    @property
    def is_navigation(self) -> bool:
        """A plain link the reader may follow; everything else is loaded by the browser."""
        if self.tag in ("a", "area"):
            return True
        return self.tag == "link" and self.rel in {"canonical", "alternate", "prev", "next", "author", "help", "license", "search"}


class Mark(NamedTuple):
    """An evidence mark (`<p class="evidence evidence--press">`, scripts/trust/evidence.py) and where it sits."""

    level: str
    step: str | None  # the id of the list item it is in
    heading: str | None  # the id of the last heading above it
    line: int


# Script types the browser executes (an absent or empty type means JavaScript).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                    "application/ecmascript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MARK_CLASS = "evidence"
REVIEW_CLASS = "page-review"  # the review and sources section (scripts/trust/review.py)


@dataclass
class HtmlPage:
    path: Path
    lang: str = ""
    ids: dict[str, int] = field(default_factory=dict)  # id or <a name> -> line
    duplicate_ids: list[tuple[str, int]] = field(default_factory=list)
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> the element's classes
    marks: list[Mark] = field(default_factory=list)
    codes: list[tuple[frozenset[str], str, int]] = field(default_factory=list)  # <code>: enclosing classes, text, line
    # What a Content-Security-Policy without 'unsafe-inline' decides: the inline scripts the
    # browser would run (outside the page's content: the theme's own, allowed by hash), and
    # markup it blocks (inline handlers and styles: line, what, the text to find in the source).
    inline_scripts: list[str] = field(default_factory=list)
    content_scripts: list[int] = field(default_factory=list)  # lines of inline scripts inside the content
    blocked: list[tuple[int, str, str]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    meta_refresh: str | None = None  # target of a redirect page
    title: str = ""


# One pass of regular expressions over the page, in the order a browser reads it: comments,
# doctype, end tags and start tags; the text between them is data. The contents of <script>
# and <style> are raw text, up to their end tag. About ten times faster than html.parser on
# the theme's pages (each of which repeats the whole navigation), with the same findings on
# the pages MkDocs writes: tests/test_html.py compares the two.
_TOKEN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment (an unclosed one runs to the end)
    r"|<![^>]*>|<\?[^>]*>"  # doctype, processing instruction
    r"|</(?P<end>[a-zA-Z][^\s/>]*)[^>]*>"  # an end tag
    r"|<(?P<start>[a-zA-Z][^\s/>]*)(?P<attrs>[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>",  # a start tag
    re.S)
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SPECIAL = {"html", "title", "p", "code", "script", "meta"}  # tags with a job of their own


def _attributes(text: str) -> list[tuple[str, str | None]]:
    out = []
    for name, equals, double, single, bare in _ATTR_RE.findall(text):
        if not equals:
            out.append((name.lower(), None))  # <script defer>
            continue
        value = double or single or bare
        out.append((name.lower(), unescape(value) if "&" in value else value))
    return out


# For other readers of built pages (scripts/search/index.py): the same tokens and attributes.
TOKEN_RE, RAW_TEXT, attributes = _TOKEN_RE, _RAW_TEXT, _attributes


class _Scanner:
    """What one page holds, collected as its tags go by."""

    def __init__(self, page: HtmlPage):
        self.page = page
        self._anchor: list[list] = []  # open <a>: attr, url, line, text, hreflang, in content, in review
        self._in_title = False
        self._open: list[tuple[str, str | None, tuple[str, ...]]] = []  # open elements: tag, id, classes
        self._article = 0  # open <article> elements
        self._review = 0  # open review sections
        self._heading: str | None = None
        self._code: tuple[list[str], int] | None = None
        self._script: tuple[list[str], bool, int] | None = None  # text, runs in the browser, line

    def start(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        page = self.page
        attributes = dict(attrs) if attrs else {}
        css = attributes.get("class")
        classes = tuple(css.split()) if css else ()
        ident = attributes.get("id")
        if ident:
            page.classes.setdefault(ident, classes)
            if tag in HEADINGS:
                self._heading = ident
        if tag in _SPECIAL:
            if tag == "html":
                page.lang = attributes.get("lang") or ""
            elif tag == "title":
                self._in_title = True
            elif tag == "p" and MARK_CLASS in classes:
                level = next((c[len(MARK_CLASS) + 2:] for c in classes if c.startswith(MARK_CLASS + "--")), "")
                step = next((i for open_tag, i, _ in reversed(self._open) if open_tag == "li" and i), None)
                page.marks.append(Mark(level, step, self._heading, line))
            elif tag == "code":
                self._code = ([], line)
            elif tag == "script":
                kind = (attributes.get("type") or "").strip().lower()
                self._script = ([], "src" not in attributes and kind in EXECUTABLE_TYPES, line)
            elif tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
                content = attributes.get("content") or ""
                if "url=" in content.lower():
                    page.meta_refresh = content[content.lower().index("url=") + 4:].strip().strip("'\"")
        rel = None
        for name, value in attrs:
            if name in URL_ATTRS:
                if value is None:
                    continue
                if name in ("href", "src") and value.strip().lower().startswith("javascript:"):
                    page.blocked.append((line, f"<{tag} {name}=javascript:…>", "javascript:"))
                if tag == "a" and name == "href":
                    self._anchor.append([name, value, line, [], attributes.get("hreflang") or "",
                                         self._article > 0, self._review > 0])
                    continue
                if rel is None:
                    rel = (attributes.get("rel") or "").lower()
                page.references.append(Reference(tag, name, value.strip(), rel, line,
                                                 "", attributes.get("hreflang") or "",
                                                 self._article > 0, self._review > 0))
            elif name.startswith("on"):
                page.blocked.append((line, f"<{tag} {name}=…> (an inline event handler)", f"{name}="))
            elif name == "style":
                page.blocked.append((line, f"<{tag} style=…> (an inline style)", "style="))
            elif name == "srcset" and value:
                for candidate in value.split(","):
                    if candidate.strip():
                        page.references.append(Reference(tag, "srcset", candidate.split()[0],
                                                         (attributes.get("rel") or "").lower(), line))
        if tag == "style":
            page.blocked.append((line, "<style> (an inline style sheet)", "<style"))
        if tag not in VOID:
            self._open.append((tag, ident, classes))
            if tag == "article":
                self._article += 1
            elif tag == "section" and REVIEW_CLASS in classes:
                self._review += 1
        if ident:
            if ident in page.ids:
                page.duplicate_ids.append((ident, line))
            else:
                page.ids[ident] = line
        if tag == "a":
            name = attributes.get("name")
            if name and name not in page.ids:
                page.ids[name] = line

    def end(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._script is not None:
            text, runs, line = self._script
            if runs:
                if self._article > 0:
                    self.page.content_scripts.append(line)
                else:
                    self.page.inline_scripts.append("".join(text))
            self._script = None
        elif tag == "code" and self._code is not None:
            enclosing = frozenset(c for _, _, classes in self._open for c in classes)
            self.page.codes.append((enclosing, "".join(self._code[0]).strip(), self._code[1]))
            self._code = None
        for index in range(len(self._open) - 1, -1, -1):  # tolerate unclosed elements (<p>, <li>)
            if self._open[index][0] == tag:
                for closed, _, classes in self._open[index:]:
                    if closed == "article":
                        self._article -= 1
                    elif closed == "section" and REVIEW_CLASS in classes:
                        self._review -= 1
                del self._open[index:]
                break
        if tag == "a" and self._anchor:
            self.close_anchor(*self._anchor.pop())

    def close_anchor(self, attr, url, line, text, hreflang, in_content=False, in_review=False) -> None:
        self.page.references.append(
            Reference("a", attr, url.strip(), "", line, " ".join("".join(text).split()), hreflang,
                      in_content, in_review))

    def data(self, text: str) -> None:
        if "&" in text:
            text = unescape(text)
        if self._in_title:
            self.page.title += text
        if self._code is not None:
            self._code[0].append(text)
        for item in self._anchor:
            item[3].append(text)

    def feed(self, text: str) -> None:
        position = 0  # where the text not yet handled starts
        line, counted = 1, 0  # the line at `counted`
        for match in _TOKEN_RE.finditer(text):
            begin = match.start()
            if begin < position:
                continue  # inside a <script> or <style>
            if begin > position and (self._anchor or self._code is not None or self._in_title):
                self.data(text[position:begin])
            position = match.end()
            tag = match.group("start")
            if tag:
                tag = tag.lower()
                attrs_text = match.group("attrs")
                line += text.count("\n", counted, begin)
                counted = begin
                self.start(tag, _attributes(attrs_text) if attrs_text.strip() else [], line)
                if tag in _RAW_TEXT:
                    closing = _RAW_TEXT[tag].search(text, position)
                    stop = closing.start() if closing else len(text)
                    if self._script is not None and tag == "script":
                        self._script[0].append(text[position:stop])
                    position = stop
                elif attrs_text.endswith("/") and tag not in VOID:
                    self.end(tag)  # <path … /> in an SVG
            elif match.group("end"):
                self.end(match.group("end").lower())
        if position < len(text) and (self._anchor or self._code is not None or self._in_title):
            self.data(text[position:])


_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SCRIPT_RE = re.compile(r"<script\b([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>(.*?)</script\s*>", re.S | re.I)
_ARTICLE_RE = re.compile(r"<article\b.*?</article\s*>", re.S | re.I)


def theme_scripts(text: str) -> list[str]:
    """The inline scripts the browser would run outside the page's `<article>`, as written:
    what `parse(...).inline_scripts` finds, for a page nobody needs parsed whole (the
    post-build pass hashes them for the Content-Security-Policy)."""
    text = _COMMENT_RE.sub("", text)
    text = _ARTICLE_RE.sub("", text)
    out = []
    for attrs_text, body in _SCRIPT_RE.findall(text):
        attributes = dict(_attributes(attrs_text))
        if "src" not in attributes and (attributes.get("type") or "").strip().lower() in EXECUTABLE_TYPES:
            out.append(body)
    return out


def parse(path: Path, text: str | None = None) -> HtmlPage:
    page = HtmlPage(path)
    scanner = _Scanner(page)
    scanner.feed(text if text is not None else path.read_text(encoding="utf-8"))
    for item in scanner._anchor:  # an <a> left open (broken HTML) still counts
        scanner.close_anchor(*item)
    page.title = " ".join(page.title.split())
    return page


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))
