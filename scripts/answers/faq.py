"""FAQ pages' structured data: a FAQPage JSON-LD block built from the rendered page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class _Text(HTMLParser):
    """Plain text of an HTML fragment, leaving out permalinks and copy buttons."""

    BLOCKS = {"p", "li", "ul", "ol", "div", "br", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
    SKIP = {"headerlink", "anchor-alias", "anchor-moved"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if self._skip or classes & self.SKIP or tag in ("script", "style", "button"):
            self._skip.append(tag)
            return
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self._skip:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return parser.text()


H2_RE = re.compile(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', re.S)


REVIEW_SECTION = '<section class="page-review">'  # the page's review and sources (scripts/trust/review.py)


def questions(content: str) -> list[tuple[str, str, str]]:
    """(id, question, answer text) for each second-level heading of a rendered page, up to its
    review and sources section."""
    content = content.split(REVIEW_SECTION, 1)[0]
    found = list(H2_RE.finditer(content))
    out = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(content)
        out.append((match.group(1), text_of(match.group(2)), text_of(content[match.end():end])))
    return out


def faq_jsonld(content: str, language: str, url: str) -> str:
    """The FAQPage JSON-LD of a rendered FAQ page, safe to put inside <script type="application/ld+json">."""
    document = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": language,
        "url": url,
        "mainEntity": [
            {"@type": "Question", "name": name,
             "acceptedAnswer": {"@type": "Answer", "text": text}}
            for _, name, text in questions(content) if name and text
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1)
    # '<' cannot end the script element or open a comment; '&' stays literal.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def jsonld_problems(page_html: str, language: str, expected_questions: list[str]) -> list[str]:
    """What is wrong with a page's FAQPage JSON-LD (empty if it is valid)."""
    blocks = JSONLD_RE.findall(page_html)
    if len(blocks) != 1:
        return [f"expected one FAQPage JSON-LD block, found {len(blocks)}"]
    try:
        data = json.loads(blocks[0])
    except json.JSONDecodeError as err:
        return [f"the JSON-LD is not valid JSON: {err}"]
    problems = []
    if data.get("@context") not in ("https://schema.org", "https://schema.org/", "http://schema.org"):
        problems.append("JSON-LD @context is not https://schema.org")
    if data.get("@type") != "FAQPage":
        problems.append("JSON-LD @type is not FAQPage")
    if data.get("inLanguage") != language:
        problems.append(f"JSON-LD inLanguage is {data.get('inLanguage')!r}, not {language!r}")
    entities = data.get("mainEntity")
    if not isinstance(entities, list) or not entities:
        return problems + ["JSON-LD mainEntity is not a list of questions"]
    for entity in entities:
        answer = entity.get("acceptedAnswer") if isinstance(entity, dict) else None
        if (not isinstance(entity, dict) or entity.get("@type") != "Question"
                or not isinstance(entity.get("name"), str) or not entity["name"].strip()
                or not isinstance(answer, dict) or answer.get("@type") != "Answer"
                or not isinstance(answer.get("text"), str) or not answer["text"].strip()):
            problems.append(f"JSON-LD question is incomplete: {json.dumps(entity, ensure_ascii=False)[:80]}")
    names = [e.get("name") for e in entities if isinstance(e, dict)]
    if names != expected_questions:
        problems.append(f"JSON-LD questions {names} differ from the page's headings {expected_questions}")
    return problems
