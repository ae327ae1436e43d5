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
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from scripts.search.match import terms
from scripts.search.vocabulary import FRONT_MATTER_KEY, Vocabulary, page_words

INDEX_DIR = "search"
WORDS_BLOCK_ID = "search-words"
EXCERPT_CHARS = 150


SKIP_TAGS = {"script", "style", "template", "noscript", "svg", "button"}
# Not the answer's own text: permalink signs, the tree's map (it repeats every question),
# the review footer (sources), and anything marked with Material's `data-search-exclude`.
SKIP_CLASSES = {"headerlink", "tree-map", "page-review"}
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


class _PageParser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.in_article = 0
        self.heading: Section | None = None
        self.words_block = False
        self.words_json: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.page.lang = (a.get("lang") or "").split("-")[0].lower()
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.page.redirect = True
        if tag == "meta" and a.get("name") == "robots" and "noindex" in (a.get("content") or ""):
            self.page.excluded = True
        if tag == "script" and a.get("id") == WORDS_BLOCK_ID:
            self.words_block = True
        if tag in VOID:
            return
        classes = set((a.get("class") or "").split())
        skip = self.skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or "data-search-exclude" in a
        if tag == "article" and "md-content__inner" in classes:
            self.in_article += 1
        elif self.in_article and tag in ("h1", "h2") and a.get("id") and not skip:
            self.heading = Section(a["id"], "", int(tag[1]))
            self.page.sections.append(self.heading)
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag == "script":
            self.words_block = False
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in ("h1", "h2") and self.heading is not None:
            self.heading.title = " ".join(self.heading.title.split())
            self.heading = None

    def handle_data(self, data):
        if self.words_block:
            self.words_json.append(data)
            return
        if not self.in_article or self.skipping or not self.page.sections:
            return
        if self.heading is not None:
            self.heading.title += data
        else:
            self.page.sections[-1].text.append(data)


def read_page(path: Path, site: Path) -> Page:
    rel = path.relative_to(site).as_posix()
    url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    page = Page(url=url, lang="")
    parser = _PageParser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    if parser.words_json:
        page.words = page_words({FRONT_MATTER_KEY: json.loads("".join(parser.words_json))})
    if page.sections:
        page.title = page.sections[0].title
    return page


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
        text = " ".join(" ".join(section.text).split())
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
