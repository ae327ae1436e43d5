"""Everything a support agent can link to: pages, FAQ answers, steps and tree nodes.

One list, collected from the pages and data/, feeds the table on the agents' page, the
exports a help desk imports (answers.json, answers.csv), and the FAQ pages' structured
data (FAQPage JSON-LD). A page is an FAQ page with `faq: true` in its front matter and a
troubleshooting tree with `tree: true`; their second-level headings are answers and nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.anchors import ids as anchors_module
from scripts.trust import evidence
from scripts.core.facts import Catalog
from scripts.core.errors import ContentError
from scripts.core.pages import Page
from scripts.core.project import Project
from scripts.core.report import Report

KINDS = ("page", "answer", "step", "node", "section")
# Interface strings (data/site.yml) that the readers' scripts need (links.js, agents.js), passed as JSON.
SCRIPT_STRINGS = ("copy_link", "link_copied", "copy_this", "filter_label", "filter_placeholder", "filter_count",
                  "filter_more", "filter_none", "copy_language", "answers_title", "copy_reply", "reply_copied",
                  "show_reply", "share") + \
    tuple(f"kind_{kind}" for kind in KINDS)
# Every interface string this feature uses, to fail early with a clear message if one is missing.
STRINGS = SCRIPT_STRINGS + ("step_title", "answers_exports", "anchor_moved", "reply_book_title", "notice")


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
    reply: dict[str, str] | None = None  # what an agent pastes, per language, before the link (replies.py)

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
    marker = project.settings.agents_marker
    out: list[Answer] = []
    for rel in sorted(scanned, key=lambda r: (order.get(r, len(order)), r)):
        versions = scanned[rel]
        if any(code not in versions for code in codes):
            continue  # pages.check reports the missing translation
        if marker in versions[default].page.text:
            continue  # the agents' page itself is not an answer to send
        source = versions[default]
        stem = rel[:-3]
        paths = {code: project.language(code).prefix + versions[code].page.url for code in codes}
        kind = page_kind(source.page)
        h1 = {code: next((a.title for a in versions[code].headings if a.level == 1), stem) for code in codes}
        page_sources = _page_sources(source, catalog, project)
        out.append(Answer(stem, "page", rel, None, h1, paths, page_sources,
                          evidence.level_of(page_sources, catalog), _reply(catalog.answers.get(stem), catalog, labels)))
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
            record = catalog.answers.get(f"{stem}#{anchor.id}") if row_kind != "step" else None
            if row_kind == "step":
                claim_sources = procedure.step_sources(step)
            elif record is not None and record.sources:
                claim_sources = record.sources
            else:
                claim_sources = page_sources  # a section without sources of its own rests on its page
            out.append(Answer(f"{stem}#{anchor.id}", row_kind, rel, anchor.id, title,
                              {code: f"{paths[code]}#{anchor.id}" for code in codes},
                              tuple(claim_sources), evidence.level_of(claim_sources, catalog),
                              _reply(record, catalog, labels)))
    return out


def _reply(record, catalog: Catalog, labels: dict[str, dict[str, str]]) -> dict[str, str] | None:
    """The reply as pasted in each language, or None without one. It carries the evidence
    mark the page shows under the heading: the one of the entry's own sources."""
    from scripts.answers import replies

    if record is None or record.reply is None:
        return None
    level = evidence.level_of(record.sources, catalog)
    return {code: replies.composed(text, level, labels[code]) for code, text in record.reply.items()}


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


# ---------------------------------------------------------------------------
# Checks of the built site


def check_site(session, site_dir: Path, report: Report) -> None:
    """The exports match the pages, FAQ pages carry valid FAQPage data, every answer's ID is built."""
    from scripts.answers import exports, faq

    project = session.project
    answers = session.answers
    site = session.site(site_dir)
    site_url = project.site_url

    def ids_at(url_path: str):
        file = site_dir / url_path / "index.html"
        return site.page(file).ids if file.is_file() else None

    for name, expected in exports.documents(answers, project, site_url, session.catalog).items():
        path = site_dir / name
        if not path.is_file():
            report.error(ContentError(project.rel(path), None, f"{name} was not built",
                                      "build with make build: the post-build pass writes it"))
            continue
        written = path.read_bytes().decode("utf-8")
        if written != expected:
            report.error(ContentError(project.rel(path), None, f"{name} does not match the pages",
                                      "rebuild the site"))
        for line, message, hint in exports.url_problems(written, site_url, ids_at):
            report.error(ContentError(project.rel(path), line, message, hint))
    for answer in answers:
        for code in project.codes:
            file = site_dir / answer.path[code].split("#")[0] / "index.html"
            if not file.is_file():
                report.error(ContentError(project.rel(file), None, f"page for '{answer.id}' was not built", None))
                continue
            if answer.anchor and answer.anchor not in site.page(file).ids:
                report.error(ContentError(project.rel(file), None, f"no element with id '{answer.anchor}'",
                                          "check the page's explicit IDs"))
    for answer in answers:
        if answer.kind != "page":
            continue
        questions = [a for a in answers if a.page == answer.page and a.kind == "answer"]
        if not questions:
            continue
        for code in project.codes:
            file = site_dir / answer.path[code] / "index.html"
            if not file.is_file():
                continue
            for problem in faq.jsonld_problems(site.text(file), code, [a.title[code] for a in questions]):
                report.error(ContentError(project.rel(file), None, problem, "see scripts/answers/faq.py"))
