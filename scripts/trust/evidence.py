"""How sure the guide is of a claim: the evidence level that follows from its sources.

Every source in data/sources.yml has a kind: `official` (the service or the government
says it), `press` (a newspaper or broadcaster reports it) or `third-party` (only
unofficial guides say it). A claim is as strong as its best source, so its level is the
best kind among its sources. Steps name their own sources or take their procedure's;
answers (FAQ questions, tree nodes, sections) name theirs in data/answers.yml.

Readers see the level where it matters: a step, answer or table cell resting only on the
press or on unofficial guides carries a short mark, rendered from the data (so nobody can
forget it). Official claims carry none: a label on every step would be noise. A run of
consecutive steps at the same level shares one mark, on its first step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scripts.core.errors import ContentError

LEVELS = ("official", "press", "third-party")  # strongest first
MARKED = ("press", "third-party")  # levels the reader is told about at the claim itself
CSS_MARK = "evidence"  # the mark: <p class="evidence evidence--third-party">
CSS_RUN = "evidence-run"  # each step of a marked run: <li class="evidence-run evidence-run--press">


def level(kinds: Iterable[str]) -> str | None:
    """The best kind among a claim's sources; None when it has none."""
    found = set(kinds)
    return next((kind for kind in LEVELS if kind in found), None)


def level_of(source_ids: Iterable[str], catalog) -> str | None:
    return level(catalog.sources[s].kind for s in source_ids if s in catalog.sources)


def is_marked(level_name: str | None) -> bool:
    return level_name in MARKED


@dataclass(frozen=True)
class Run:
    """Consecutive steps (indexes into the list shown) that rest on the same marked level."""

    level: str
    first: int
    last: int


def runs(levels: Sequence[str | None]) -> list[Run]:
    """The marked runs of a list of step levels, in order."""
    out: list[Run] = []
    for index, name in enumerate(levels):
        if not is_marked(name):
            continue
        if out and out[-1].level == name and out[-1].last == index - 1:
            out[-1] = Run(name, out[-1].first, index)
        else:
            out.append(Run(name, index, index))
    return out


def label_key(level_name: str) -> str:
    """The interface string (data/site.yml) that says a level in words."""
    return "evidence_" + level_name.replace("-", "_")


def mark_text(level_name: str, labels: dict[str, str], first: int | None = None, last: int | None = None) -> str:
    """'Pasos 7 a 11: según guías no oficiales; …' — the mark's words, in the page's language.

    `first`/`last` are step numbers; a run of one step needs no range.
    """
    text = labels[label_key(level_name)]
    if first is not None and last is not None and last > first:
        text = labels["evidence_steps"].format(first=first, last=last) + " " + text[:1].lower() + text[1:]
    return text


SOURCES_ID = "sources"  # the default ID of the page's review and sources section (setting `sources_id`)


def mark_markdown(level_name: str, labels: dict[str, str], first: int | None = None, last: int | None = None,
                  sources_id: str = SOURCES_ID) -> str:
    """The mark as a Markdown paragraph with its classes, linking to the page's sources."""
    text = mark_text(level_name, labels, first, last)
    return (f"{text} [{labels['evidence_sources_link']}](#{sources_id})\n"
            f"{{: .{CSS_MARK} .{CSS_MARK}--{level_name} }}")


# ---------------------------------------------------------------------------
# Answers: FAQ questions, tree nodes and sections named in data/answers.yml

_HEADING_ID_RE = re.compile(r"^#{2,6}\s+.*\{[^{}]*#(?P<id>[^\s{}]+)[^{}]*\}\s*$")


def answer_level(answer_id: str, catalog) -> str | None:
    record = catalog.answers.get(answer_id)
    return level_of(record.sources, catalog) if record else None


def mark_headings(markdown: str, stem: str, catalog, labels: dict[str, str], sources_id: str = SOURCES_ID) -> str:
    """The page's Markdown with a mark under each heading whose answer rests only on the press
    or on unofficial guides (data/answers.yml)."""
    from scripts.core.markdown import fenced

    if not any(key.partition("#")[0] == stem for key in catalog.answers):
        return markdown
    out = []
    for line, code in fenced(markdown.split("\n")):
        out.append(line)
        if code or not (match := _HEADING_ID_RE.match(line)):
            continue
        name = answer_level(f"{stem}#{match.group('id')}", catalog)
        if is_marked(name):
            out += ["", mark_markdown(name, labels, sources_id=sources_id), ""]
    return "\n".join(out)


# A claim in running text or a table cell names its sources inline: `[[sources: id id]]`.
# It renders as the level in a few words, linking to the page's sources.
CITE_RE = re.compile(r"\[\[\s*sources\s*:\s*(?P<ids>[^\]]*?)\s*\]\]")


def cited(text: str) -> list[str]:
    """The source IDs named inline in a page's Markdown, in order."""
    return [i for m in CITE_RE.finditer(text) for i in m.group("ids").replace(",", " ").split()]


def cite(markdown: str, catalog, labels: dict[str, str], path: str, first_line: int = 1,
         sources_id: str = SOURCES_ID) -> str:
    """Each `[[sources: …]]` as the short words of its level, linked to the page's sources.

    Raise ContentError at the line of an unknown source ID or an empty list.
    """
    if "[[" not in markdown:
        return markdown

    def replace(match: re.Match) -> str:
        ids = match.group("ids").replace(",", " ").split()
        line = first_line + markdown.count("\n", 0, match.start())
        if not ids:
            raise ContentError(path, line, "[[sources: …]] names no source", "write [[sources: source-id]]")
        for ident in ids:
            if ident not in catalog.sources:
                raise ContentError(path, line, f"[[sources: …]] names unknown source '{ident}'",
                                   "use an ID from data/sources.yml")
        name = level_of(ids, catalog)
        text = labels["evidence_short_" + name.replace("-", "_")]
        return f"[{text}](#{sources_id}){{: .{CSS_MARK} .{CSS_MARK}--{name} }}"

    return CITE_RE.sub(replace, markdown)


def answer_kinds(page) -> str:
    """'faq', 'tree' or '' from a page's front matter: which headings must name their sources."""
    if page.meta.get("faq") is True:
        return "faq"
    if page.meta.get("tree") is True:
        return "tree"
    return ""


def check(session, report) -> None:
    """Every FAQ answer and tree node names its sources in data/answers.yml, and every entry
    there is an answer that exists."""
    project, catalog, scanned = session.project, session.catalog, session.scanned
    default = project.default_language.code
    existing: set[str] = set()
    data_name = catalog.files["answers"].name
    for rel, versions in scanned.items():
        found = versions.get(default)
        if found is None:
            continue
        stem = rel[:-3]
        existing.add(stem)
        kind = answer_kinds(found.page)
        for anchor in found.anchors:
            existing.add(f"{stem}#{anchor.id}")
            record = catalog.answers.get(f"{stem}#{anchor.id}")
            if kind and anchor.kind == "heading" and anchor.level == 2 and not (record and record.sources):
                what = "FAQ answer" if kind == "faq" else "tree node"
                where = (data_name, record.line) if record else (project.rel(found.page.path), anchor.line)
                report.error(ContentError(
                    *where, f"the {what} '#{anchor.id}' names no sources",
                    f"add '- id: {stem}#{anchor.id}' with its sources and its reply to {data_name}" if record is None
                    else "add 'sources: [source-id, …]' to its entry"))
    for answer_id, record in catalog.answers.items():
        if answer_id not in existing:
            report.error(ContentError(data_name, record.line, f"answer '{answer_id}' is not on any page",
                                      "use the page path without .md, '#', and an explicit ID of that page"))
        elif "#" not in answer_id and record.sources:
            report.error(ContentError(data_name, record.line, f"the page '{answer_id}' names sources here",
                                      "a page rests on its procedures' sources and its front matter's "
                                      "'sources:'; keep only its reply here"))


# ---------------------------------------------------------------------------
# The built site


def expected_marks(project, catalog) -> dict[tuple[str, str], dict[str, tuple[str, bool]]]:
    """(language, page rel) -> {key: (level, carries the words)} for every marked step and answer.

    Keys are 'step:<id>' for steps (the first step of a run carries the words, the others only
    the run's class) and the heading's ID for answers (which always carry the words).
    """
    from scripts.steps import markers as steps
    from scripts.core.pages import all_pages

    out: dict[tuple[str, str], dict[str, tuple[str, bool]]] = {}
    for code, pages in all_pages(project).items():
        for page in pages:
            wanted: dict[str, tuple[str, bool]] = {}
            stem = page.rel[:-3]
            for answer_id, record in catalog.answers.items():
                name = level_of(record.sources, catalog)
                page_part, _, heading = answer_id.partition("#")
                if page_part == stem and heading and is_marked(name):
                    wanted[heading] = (name, True)
            try:
                regions = steps.find_regions(page.text, project.rel(page.path)) if "steps" in page.text else []
            except ContentError:
                regions = []  # steps.check reports bad markers
            for region in regions:
                procedure = catalog.procedures.get(region.procedure_id)
                if procedure is None:
                    continue
                shown = procedure.steps if region.step_ids is None else [procedure.step(s) for s in region.step_ids]
                if any(step is None for step in shown):
                    continue
                levels = [level_of(procedure.step_sources(step), catalog) for step in shown]
                for run in runs(levels):
                    for index in range(run.first, run.last + 1):
                        key = "step:" + steps.anchor(procedure.id, shown[index].id)
                        wanted[key] = (run.level, index == run.first)
            if wanted:
                out[(code, page.rel)] = wanted
    return out


def check_site(session, site_dir, report) -> None:
    """No link anywhere in the built site goes to a look-alike host; every step and answer the
    data marks shows its mark on the built page, and no other does."""
    from scripts.core import site as built_site
    from scripts.core.pages import Page

    project, catalog = session.project, session.catalog
    site = catalog.site
    built = session.site(site_dir)
    for path in built.html_files():
        page = built.page(path)
        for ref in page.references:
            if built.kind(ref.url) == "external" and site.is_lookalike(ref.url):  # this site's own host is fine
                host = built_site.urlsplit(ref.url).hostname
                name, line = built_site.where_to_fix(project, built, path, ref)
                report.error(ContentError(
                    name, line, f"the link to {ref.url} goes to {host}, which looks official but is not",
                    "a look-alike host is never a link; cite it in data/sources.yml, where it is shown as plain text"))
    for (code, rel), wanted in expected_marks(project, catalog).items():
        path = Path(site_dir) / project.language(code).prefix / Page(Path(rel), code, rel).url / "index.html"
        if not path.is_file():
            continue  # the link and anchor checks report missing pages
        page = built.page(path)
        name = project.rel(project.language_dir(code) / rel)
        on_steps = {m.step: m.level for m in page.marks if m.step}
        under_headings = {m.heading: m.level for m in page.marks if not m.step}
        for key, (level_name, words) in wanted.items():
            if key.startswith("step:"):
                ident = key[5:]
                shown = f"{CSS_RUN}--{level_name}" in page.classes.get(ident, ()) and (
                    not words or on_steps.get(ident) == level_name)
                what = f"step #{ident}"
            else:
                shown = under_headings.get(key) == level_name
                what = f"answer #{key}"
            if not shown:
                report.error(ContentError(name, None, f"{what} rests only on {level_name} sources, "
                                          "but the built page does not mark it",
                                          "run make sync; the marks are written from data/ (scripts/trust/evidence.py)"))
        for ident in on_steps:
            if wanted.get("step:" + ident, ("", False))[1] is False:
                report.error(ContentError(name, None, f"step #{ident} carries an evidence mark the data does not give it",
                                          "run make sync: edits inside the step markers are overwritten"))
