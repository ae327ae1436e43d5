"""Read a built HTML page: its language, element IDs, and every URL it references.

Shared by the site checks (links, anchors, third-party requests) and the tests.
Standard library only: html.parser is fast enough for a few hundred pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Attributes whose value the browser loads, or the reader follows.
URL_ATTRS = {"href", "src", "poster", "data", "action", "formaction", "cite"}


@dataclass(frozen=True)
class Reference:
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


@dataclass(frozen=True)
class Mark:
    """An evidence mark (`<p class="evidence evidence--press">`, scripts/evidence.py) and where it sits."""

    level: str
    step: str | None  # the id of the list item it is in
    heading: str | None  # the id of the last heading above it
    line: int


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MARK_CLASS = "evidence"
REVIEW_CLASS = "page-review"  # the review and sources section (scripts/review.py)


@dataclass
class HtmlPage:
    path: Path
    lang: str = ""
    ids: dict[str, int] = field(default_factory=dict)  # id or <a name> -> line
    duplicate_ids: list[tuple[str, int]] = field(default_factory=list)
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> the element's classes
    marks: list[Mark] = field(default_factory=list)
    codes: list[tuple[frozenset[str], str, int]] = field(default_factory=list)  # <code>: enclosing classes, text, line
    references: list[Reference] = field(default_factory=list)
    meta_refresh: str | None = None  # target of a redirect page
    title: str = ""


class _Parser(HTMLParser):
    def __init__(self, page: HtmlPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._anchor: list[tuple[str, str, int, list[str], str]] = []  # open <a>: attr, url, line, text, hreflang
        self._in_title = False
        self._open: list[tuple[str, str | None, tuple[str, ...]]] = []  # open elements: tag, id, classes
        self._heading: str | None = None
        self._code: tuple[list[str], int] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag == "html":
            self.page.lang = attributes.get("lang") or ""
        if tag == "title":
            self._in_title = True
        classes = tuple((attributes.get("class") or "").split())
        if attributes.get("id"):
            self.page.classes.setdefault(attributes["id"], classes)
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self._heading = attributes["id"]
        if tag == "p" and MARK_CLASS in classes:
            level = next((c[len(MARK_CLASS) + 2:] for c in classes if c.startswith(MARK_CLASS + "--")), "")
            step = next((ident for open_tag, ident, _ in reversed(self._open) if open_tag == "li" and ident), None)
            self.page.marks.append(Mark(level, step, self._heading, line))
        if tag == "code":
            self._code = ([], line)
        if tag not in VOID:
            self._open.append((tag, attributes.get("id"), classes))
        for key in ("id",) + (("name",) if tag == "a" else ()):
            value = attributes.get(key)
            if value:
                if value in self.page.ids and key == "id":
                    self.page.duplicate_ids.append((value, line))
                self.page.ids.setdefault(value, line)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            content = attributes.get("content") or ""
            if "url=" in content.lower():
                self.page.meta_refresh = content[content.lower().index("url=") + 4:].strip().strip("'\"")
        rel = (attributes.get("rel") or "").lower()
        for attr in URL_ATTRS:
            url = attributes.get(attr)
            if url is None:
                continue
            if tag == "a" and attr == "href":
                self._anchor.append((attr, url, line, [], attributes.get("hreflang") or "", *self._where()))
            else:
                self.page.references.append(
                    Reference(tag, attr, url.strip(), rel, line, hreflang=attributes.get("hreflang") or "",
                              in_content=self._where()[0], in_review=self._where()[1]))
        if attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                if candidate.strip():
                    self.page.references.append(Reference(tag, "srcset", candidate.split()[0], rel, line))

    def _where(self) -> tuple[bool, bool]:
        """(inside the article, inside its review section) for what starts here."""
        content = any(tag == "article" for tag, _, _ in self._open)
        review = any(tag == "section" and REVIEW_CLASS in classes for tag, _, classes in self._open)
        return content, review

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "code" and self._code is not None:
            enclosing = frozenset(c for _, _, classes in self._open for c in classes)
            self.page.codes.append((enclosing, "".join(self._code[0]).strip(), self._code[1]))
            self._code = None
        for index in range(len(self._open) - 1, -1, -1):  # tolerate unclosed elements (<p>, <li>)
            if self._open[index][0] == tag:
                del self._open[index:]
                break
        if tag == "a" and self._anchor:
            self._close_anchor(*self._anchor.pop())

    def _close_anchor(self, attr, url, line, text, hreflang, in_content=False, in_review=False):
        self.page.references.append(
            Reference("a", attr, url.strip(), "", line, " ".join("".join(text).split()), hreflang,
                      in_content, in_review))

    def handle_data(self, data):
        if self._in_title:
            self.page.title += data
        if self._code is not None:
            self._code[0].append(data)
        for item in self._anchor:
            item[3].append(data)


def parse(path: Path, text: str | None = None) -> HtmlPage:
    page = HtmlPage(path)
    parser = _Parser(page)
    parser.feed(text if text is not None else path.read_text(encoding="utf-8"))
    parser.close()
    # An <a> left open (broken HTML) still counts.
    for item in parser._anchor:
        parser._close_anchor(*item)
    page.title = " ".join(page.title.split())
    return page


def site_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))
