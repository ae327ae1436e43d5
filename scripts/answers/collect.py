"""Everything a support agent can link to: pages, FAQ answers, steps and tree nodes.

One list, collected from the pages and data/, feeds the table on the agents' page, the
exports a help desk imports (answers.json, answers.csv), and the FAQ pages' structured
data (FAQPage JSON-LD). A page is an FAQ page with `faq: true` in its front matter and a
troubleshooting tree with `tree: true`; their second-level headings are answers and nodes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from scripts.anchors import ids as anchors_module
from scripts.trust import evidence
from scripts import filecache
from scripts.core.facts import Catalog
from scripts.core.errors import ContentError
from scripts.core.pages import Page
from scripts.core.project import Project
from scripts.core.report import Report

EXPORTS = ("answers.json", "answers.csv")
TABLE_MARKER = "<!-- answers-table -->"
# Interface strings (data/site.yml) that the readers' script needs, passed as JSON.
SCRIPT_STRINGS = ("copy_link", "link_copied", "copy_failed", "filter_label", "filter_count", "kind_step")
KINDS = ("page", "answer", "step", "node", "section")
# Every interface string this feature uses, to fail early with a clear message if one is missing.
STRINGS = SCRIPT_STRINGS + ("step_title", "answers_title", "answers_exports", "anchor_moved") + \
    tuple(f"kind_{kind}" for kind in KINDS)


@dataclass(frozen=True)
class Answer:
    """One linkable thing. `path` is the URL path inside the site, per language."""

    id: str  # 'preguntas-frecuentes#cuesta-dinero'; a page alone: 'preguntas-frecuentes'
    kind: str  # one of KINDS
    page: str  # 'preguntas-frecuentes.md'
    anchor: str | None
    title: dict[str, str]
    path: dict[str, str]
    sources: tuple[str, ...] = ()  # the source IDs its claims rest on (data/)
    evidence: str | None = None  # their best kind: official, press or third-party

    def url(self, language: str, site_url: str) -> str:
        return site_url + self.path[language]


def missing_strings(catalog: Catalog) -> ContentError | None:
    """An error naming the interface strings of data/site.yml this feature needs and lacks."""
    missing = [key for key in STRINGS if key not in catalog.site.interface]
    if not missing:
        return None
    return catalog.files["site"].error(("interface",), f"interface text(s) missing: {', '.join(missing)}",
                                       "add each under interface:, with one text per language")


def page_kind(page: Page) -> str:
    """'faq', 'tree' or 'guide', from the front matter."""
    if page.meta.get("faq") is True:
        return "faq"
    if page.meta.get("tree") is True:
        return "tree"
    return "guide"


def nav_order(project: Project) -> list[str]:
    """Page paths in the order of the navigation in mkdocs.yml."""
    out: list[str] = []

    def walk(items):
        for item in items or []:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(project.config.get("nav"))
    return [p for p in out if p.endswith(".md")]


def collect(project: Project, catalog: Catalog, scanned=None) -> list[Answer]:
    """Every page, and on it every answer, step, tree node and section, in reading order."""
    scanned = scanned if scanned is not None else anchors_module.scan_project(project, catalog)
    codes = project.codes
    default = project.default_language.code
    order = {rel: i for i, rel in enumerate(nav_order(project))}
    labels = {code: catalog.site.strings(code) for code in codes}
    out: list[Answer] = []
    for rel in sorted(scanned, key=lambda r: (order.get(r, len(order)), r)):
        versions = scanned[rel]
        if any(code not in versions for code in codes):
            continue  # pages.check reports the missing translation
        if TABLE_MARKER in versions[default].page.text:
            continue  # the agents' page itself is not an answer to send
        source = versions[default]
        stem = rel[:-3]
        paths = {code: project.language(code).prefix + versions[code].page.url for code in codes}
        kind = page_kind(source.page)
        h1 = {code: next((a.title for a in versions[code].headings if a.level == 1), stem) for code in codes}
        page_sources = _page_sources(source, catalog, project)
        out.append(Answer(stem, "page", rel, None, h1, paths, page_sources,
                          evidence.level_of(page_sources, catalog)))
        for anchor in source.anchors:
            if any(anchor.id not in versions[code].ids for code in codes):
                continue  # anchors.check reports the difference
            if anchor.kind == "heading" and anchor.level >= 2:
                row_kind = {"faq": "answer", "tree": "node"}.get(kind, "section")
                title = {code: versions[code].ids[anchor.id].title for code in codes}
            elif anchor.kind == "step":
                procedure = catalog.procedures.get(anchor.procedure)
                step = procedure.step(anchor.step) if procedure else None
                if step is None:
                    continue  # steps.check reports it
                row_kind = "step"
                title = {code: "{}, {}: {}".format(
                    procedure.title[code], labels[code].get("step_title", "{number}").format(number=step.number),
                    anchors_module.plain(step.text[code])) for code in codes}
            else:
                continue
            if row_kind == "step":
                claim_sources = procedure.step_sources(step)
            elif f"{stem}#{anchor.id}" in catalog.answers:
                claim_sources = catalog.answers[f"{stem}#{anchor.id}"].sources
            else:
                claim_sources = page_sources  # a section without its own entry rests on its page
            out.append(Answer(f"{stem}#{anchor.id}", row_kind, rel, anchor.id, title,
                              {code: f"{paths[code]}#{anchor.id}" for code in codes},
                              tuple(claim_sources), evidence.level_of(claim_sources, catalog)))
    return out


def _page_sources(found, catalog: Catalog, project: Project) -> tuple[str, ...]:
    """Every source a page rests on: its procedures', its answers', its front matter's."""
    from scripts.trust import review

    procedures = list(dict.fromkeys(a.procedure for a in found.anchors if a.kind == "step"))
    try:
        result = review.for_page([p for p in procedures if p in catalog.procedures], found.page.meta, catalog,
                                 project.rel(found.page.path), found.page.rel[:-3], found.page.body)
    except ContentError:
        return ()  # review.check reports it
    return tuple(s.id for s in result.sources) if result else ()


def collect_cached(project: Project) -> list[Answer]:
    """`collect` for the project on disk, reused while data/ and docs/ are unchanged."""
    from scripts.core import facts as catalog_module

    files = [project.data_dir / name for name in catalog_module.FILES.values()]
    files += [p for code in project.codes for p in project.pages(code)]
    return filecache.cached(("answers", project.root), files,
                            lambda: collect(project, catalog_module.load_cached(project)))


# ---------------------------------------------------------------------------
# Exports for help desks


def to_json(answers: list[Answer], project: Project, site_url: str) -> str:
    codes = project.codes
    document = {
        "site_url": site_url,
        "languages": list(codes),
        "answers": [
            {"id": a.id, "kind": a.kind,
             "title": {c: a.title[c] for c in codes},
             "url": {c: a.url(c, site_url) for c in codes},
             "evidence": a.evidence,
             "sources": list(a.sources)}
            for a in answers
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(answers: list[Answer], project: Project, site_url: str) -> str:
    codes = project.codes
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quoted as needed, CRLF line ends
    writer.writerow(["id", "kind"] + [f"title_{c}" for c in codes] + [f"url_{c}" for c in codes]
                    + ["evidence", "sources"])
    for a in answers:
        writer.writerow([a.id, a.kind] + [a.title[c] for c in codes] + [a.url(c, site_url) for c in codes]
                        + [a.evidence or "", " ".join(a.sources)])
    return buffer.getvalue()


def write_exports(site_dir: Path, answers: list[Answer], project: Project, site_url: str) -> list[Path]:
    written = []
    for name, text in (("answers.json", to_json(answers, project, site_url)),
                       ("answers.csv", to_csv(answers, project, site_url))):
        path = site_dir / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# The agents' table


def _relative(target: str, from_url: str) -> str:
    """A site path as a link from the page at `from_url` (both relative to the site root)."""
    from mkdocs.utils import get_relative_url

    path, _, fragment = target.partition("#")
    url = get_relative_url(path or ".", from_url or ".")
    if path.endswith("/") and not url.endswith("/"):
        url += "/"
    return url + (f"#{fragment}" if fragment else "")


def table(answers: list[Answer], project: Project, language: str, page_url: str, labels: dict[str, str],
          site_path: str = "/") -> str:
    """The HTML of the agents' table: one row per answer, a link and its address per language.

    Readable without JavaScript; the readers' script adds the filter and copy buttons.
    """
    esc = html.escape
    codes = project.codes
    others = [c for c in codes if c != language]
    head = "".join(f'<th scope="col" lang="{c}">{esc(project.language(c).name)}</th>' for c in codes)
    rows = []
    for a in answers:
        kind = esc(labels.get(f"kind_{a.kind}", a.kind))
        other_titles = "".join(
            f' <span class="answers__other" lang="{c}">{esc(a.title[c])}</span>' for c in others
            if a.title[c] != a.title[language])
        cells = "".join(
            f'<td data-label="{esc(project.language(c).name)}" lang="{c}">'
            f'<a href="{esc(_relative(a.path[c], page_url))}" hreflang="{c}" data-copy-url>'
            f'{esc(site_path + a.path[c])}</a></td>' for c in codes)
        rows.append(
            f'<tr class="answers__row answers__row--{a.kind}" data-kind="{a.kind}">'
            f'<th scope="row"><span class="answers__kind">{kind}</span> '
            f'<span class="answers__title">{esc(a.title[language])}</span>{other_titles}</th>{cells}</tr>')
    downloads = " · ".join(
        f'<a href="{esc(_relative(name, page_url))}" download>{name}</a>' for name in EXPORTS)
    return (
        '<div class="answers" data-search-exclude>\n'
        f'<p class="answers__exports">{esc(labels.get("answers_exports", ""))} {downloads}</p>\n'
        f'<div class="answers__scroll"><table class="answers__table">\n'
        f'<thead><tr><th scope="col">{esc(labels.get("answers_title", ""))}</th>{head}</tr></thead>\n'
        '<tbody>\n' + "\n".join(rows) + '\n</tbody>\n</table></div>\n</div>'
    )


# ---------------------------------------------------------------------------
# FAQPage structured data


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


REVIEW_SECTION = '<section class="page-review">'  # the page's review and sources (scripts/review.py)


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


# ---------------------------------------------------------------------------
# Checks of the built site


JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def check_site(project: Project, site_dir: Path, report: Report) -> None:
    """The exports match the pages, FAQ pages carry valid FAQPage data, every answer's ID is built."""
    from scripts.core import facts as catalog_module
    from scripts.core import html as htmlpage

    catalog = catalog_module.load_cached(project)
    answers = collect(project, catalog)
    site_url = project.site_url
    for name, expected in (("answers.json", to_json(answers, project, site_url)),
                           ("answers.csv", to_csv(answers, project, site_url))):
        path = site_dir / name
        if not path.is_file():
            report.error(ContentError(project.rel(path), None, f"{name} was not built",
                                      "check that scripts/hooks/answers.py is listed under hooks: in mkdocs.yml"))
        elif path.read_bytes().decode("utf-8") != expected:
            report.error(ContentError(project.rel(path), None, f"{name} does not match the pages",
                                      "rebuild the site"))
    built: dict[Path, htmlpage.HtmlPage] = {}
    for answer in answers:
        for code in project.codes:
            path_part = answer.path[code].split("#")[0]
            file = site_dir / path_part / "index.html"
            if file not in built:
                if not file.is_file():
                    report.error(ContentError(project.rel(file), None, f"page for '{answer.id}' was not built", None))
                    continue
                built[file] = htmlpage.parse(file)
            if answer.anchor and answer.anchor not in built[file].ids:
                report.error(ContentError(project.rel(file), None, f"no element with id '{answer.anchor}'",
                                          "check the page's explicit IDs"))
    for answer in answers:
        if answer.kind != "page":
            continue
        faq = [a for a in answers if a.page == answer.page and a.kind == "answer"]
        if not faq:
            continue
        for code in project.codes:
            file = site_dir / answer.path[code] / "index.html"
            if not file.is_file():
                continue
            for problem in jsonld_problems(file.read_text(encoding="utf-8"), code,
                                           [a.title[code] for a in faq]):
                report.error(ContentError(project.rel(file), None, problem, "see scripts/answers.py faq_jsonld"))


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
