"""The search index: one small file per language, built from a BUILT site folder.

    python -m scripts search-index SITE_DIR

The post-build pass (scripts/publishing/postbuild.py) runs it after every build and
preview rebuild; the command runs it on any built site. It reads every HTML page and its
`<html lang>`, cuts each page into answers (the page itself, then each `<h1|h2 id>`: a
guide section, a FAQ question, a tree question), and writes `search/<lang>.json`. The
reader's browser loads that file, the engine (MiniSearch) and `textmatch.js` on the first
search only (docs/assets/javascripts/search.js).

Words people use (scripts/search/vocabulary.py) count in ranking and are never shown: they
go into the index as stems only, in fields of their own, while what the reader sees
(titles, the excerpt) is the page's own text. A page's own words reach the built page in a
JSON data block (overrides/main.html, id `search-words`), so any built folder has them.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from scripts.core.html import RAW_TEXT, TOKEN_RE, attributes
from scripts.search.match import terms
from scripts.search.vocabulary import FRONT_MATTER_KEY, Vocabulary, page_words

INDEX_DIR = "search"
WORDS_BLOCK_ID = "search-words"
EXCERPT_CHARS = 150


SKIP_TAGS = {"script", "style", "template", "noscript", "svg", "button"}
# Not the answer's own text: permalink signs, the tree's map (it repeats every question),
# the review footer (sources), and anything marked with Material's `data-search-exclude`.
SKIP_CLASSES = {"headerlink", "tree-map", "page-review"}
# Tags that end a run of words: the text on each side is apart ("Primera vez" | "Ya lo hice").
BLOCKS = {"p", "li", "div", "section", "summary", "details", "dt", "dd", "td", "th", "tr", "br", "ul", "ol",
          "table", "label", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "nav"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Section:
    id: str
    title: str
    level: int
    text: list[str] = field(default_factory=list)


@dataclass
class Page:
    url: str  # site-relative, '' for the home page: 'problemas/correo-no-llega/'
    lang: str
    title: str = ""
    sections: list[Section] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)  # id -> search words (front matter)
    redirect: bool = False
    excluded: bool = False


_HEAD_RE = re.compile(r'<html\b[^>]*?\blang="([^"]*)"', re.I)
_REDIRECT_RE = re.compile(r'<meta\b[^>]*http-equiv="refresh"', re.I)
_NOINDEX_RE = re.compile(r'<meta\b[^>]*name="robots"[^>]*noindex', re.I)
_WORDS_RE = re.compile(r'<script\b[^>]*\bid="' + WORDS_BLOCK_ID + r'"[^>]*>(.*?)</script\s*>', re.S | re.I)
_ARTICLE_START_RE = re.compile(r'<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b[^"]*"[^>]*>', re.I)


def read_page(path: Path, site: Path, text: str | None = None) -> Page:
    """A built page's answers: the text of its article, cut at each `<h1|h2 id>`.

    A regular-expression pass over the tags (the tokens of scripts/core/html.py), not a full
    parser: the index is built on every build, and the theme's pages are well-formed."""
    text = path.read_text(encoding="utf-8") if text is None else text
    rel = path.relative_to(site).as_posix()
    url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    lang = _HEAD_RE.search(text)
    page = Page(url=url, lang=(lang.group(1) if lang else "").split("-")[0].lower(),
                redirect=bool(_REDIRECT_RE.search(text)), excluded=bool(_NOINDEX_RE.search(text)))
    if words := _WORDS_RE.search(text):
        page.words = page_words({FRONT_MATTER_KEY: json.loads(unescape(words.group(1)))})
    start = _ARTICLE_START_RE.search(text)
    if start is None:
        return page
    _read_article(page, text, start.end(), text.rfind("</article"))
    for section in page.sections:
        section.title = " ".join(unescape(section.title).split())
        section.text = [unescape("".join(section.text))]
    if page.sections:
        page.title = page.sections[0].title
    return page


def _read_article(page: Page, text: str, position: int, end: int) -> None:
    stack: list[tuple[str, bool]] = []  # (tag, skipping)
    heading: Section | None = None
    while position < end:
        match = TOKEN_RE.search(text, position, end)
        stop = match.start() if match else end
        skipping = bool(stack) and stack[-1][1]
        if stop > position and not skipping and page.sections:
            if heading is not None:
                heading.title += text[position:stop]
            else:
                page.sections[-1].text.append(text[position:stop])
        if match is None:
            break
        position = match.end()
        name = (match.group("start") or match.group("end") or "").lower()
        if name in BLOCKS and not skipping and page.sections and heading is None:
            page.sections[-1].text.append(" ")
        if tag := match.group("start"):
            tag = tag.lower()
            if tag in RAW_TEXT:  # script, style: their text is never the answer's
                closing = RAW_TEXT[tag].search(text, position, end)
                position = closing.end() if closing else end
                continue
            if tag in VOID or match.group("attrs").rstrip().endswith("/"):
                continue
            attrs = dict(attributes(match.group("attrs")))
            classes = set((attrs.get("class") or "").split())
            skip = skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or "data-search-exclude" in attrs
            if tag in ("h1", "h2") and attrs.get("id") and not skip:
                heading = Section(attrs["id"], "", int(tag[1]))
                page.sections.append(heading)
            stack.append((tag, skip))
        elif tag := match.group("end"):
            tag = tag.lower()
            while stack:
                if stack.pop()[0] == tag:
                    break
            if tag in ("h1", "h2"):
                heading = None


def site_pages(site: Path) -> list[Page]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html" or INDEX_DIR + "/" in path.relative_to(site).as_posix():
            continue
        page = read_page(path, site)
        if page.redirect or page.excluded or not page.sections or not page.lang:
            continue
        pages.append(page)
    return pages



def excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[: cut if cut > 0 else EXCERPT_CHARS].rstrip(",;:") + "…"


def documents(page: Page, vocab: Vocabulary, topics: dict[str, list[str]] | None = None) -> list[dict]:
    """One document per answer. Display: u, p, t, x. Search fields (stems only): t, w, ts, b, s, pt.

    `topics`: extra search words by answer URL (the A–Z entries that lead to it).
    """
    docs = []
    for i, section in enumerate(page.sections):
        text = " ".join("".join(section.text).split())
        title_terms = terms(section.title, page.lang)
        body_terms = terms(text, page.lang)
        url = page.url + ("" if i == 0 else f"#{section.id}")
        phrases = page.words.get(section.id, []) + (topics or {}).get(url, [])
        own = [t for phrase in phrases for t in terms(phrase, page.lang)]
        docs.append({
            "u": url,
            "p": "" if i == 0 else page.title,
            "t": section.title,
            "x": excerpt(text),
            "f": {
                "t": " ".join(title_terms),
                "w": " ".join(own),  # the answer's own search words
                "ts": " ".join(vocab.expansions(title_terms + own)),  # equivalent to its title's
                "b": " ".join(body_terms),
                "s": " ".join(vocab.expansions(body_terms)),
                "pt": " ".join(terms(page.title, page.lang)) if i else "",
            },
        })
    return docs


def topic_words(vocab: Vocabulary, prefix: str, resolve=None) -> dict[str, list[str]]:
    """The A–Z entries as search words of their answers: {answer URL: [word, …]}.

    `resolve`: maps an answer ('page.md#id') to where it is now (moved pages and IDs).
    """
    out: dict[str, list[str]] = {}
    for topic in vocab.topics:
        answer = resolve(topic.answer) if resolve else topic.answer
        page, _, frag = answer.partition("#")
        path = page.removesuffix(".md")
        path = "" if path == "index" else path.removesuffix("/index") + "/"
        url = prefix + path + (f"#{frag}" if frag else "")
        out.setdefault(url, []).append(topic.word)
    return out


def language_prefixes(pages: list[Page]) -> dict[str, str]:
    """Each language's URL prefix, read from where its home page is: '' or 'en/'."""
    prefixes: dict[str, str] = {}
    for page in pages:
        parts = page.url.split("/")
        if page.url == "" or (len(parts) == 2 and parts[1] == "" and parts[0] == page.lang):
            prefixes[page.lang] = page.url
    return prefixes


def build(site: Path, vocabularies: dict[str, Vocabulary], resolve=None) -> dict[str, dict]:
    """{lang: index} for every language found in the site's pages."""
    out: dict[str, dict] = {}
    pages = site_pages(site)
    prefixes = language_prefixes(pages)
    topics = {lang: topic_words(vocab, prefixes.get(lang, ""), resolve) for lang, vocab in vocabularies.items()}
    for page in pages:
        vocab = vocabularies.get(page.lang) or Vocabulary(page.lang)
        index = out.setdefault(page.lang, {"lang": page.lang, "docs": []})
        index["docs"].extend(documents(page, vocab, topics.get(page.lang)))
    return out


def write(site: Path, vocabularies: dict[str, Vocabulary], resolve=None) -> list[Path]:
    """Build and write `search/<lang>.json` into the site folder; return the files written."""
    site = Path(site)
    folder = site / INDEX_DIR
    written = []
    for lang, index in build(site, vocabularies, resolve).items():
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{lang}.json"
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    from scripts.core.project import Project
    from scripts.core.session import Session
    from scripts.search.vocabulary import resolver

    parser = argparse.ArgumentParser(prog="python -m scripts search-index",
                                     description="Write the search index of each language into a built site.")
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    session = Session(Project.here())
    for path in write(args.site, session.vocabularies, resolver(session.lock)):
        docs = len(json.loads(path.read_text(encoding="utf-8"))["docs"])
        print(f"{path}: {docs} answers")
    return 0
