"""A page's provenance: when it was last reviewed, the sources it rests on, and what is due.

Pages that show procedures take both from data/; any page may add its own with front
matter (`reviewed: YYYY-MM-DD`, `sources: [source-id, …]`, or `sources: all`); the
answers of a page (data/answers.yml) add theirs. The page ends with a "review and
sources" section, written in Markdown at build time, so that the evidence marks can link
to it (`#revision-y-fuentes`) and the build checks that link like any other.

A source whose host looks official but is not (data/site.yml `lookalike_words`) is never
a link: its address is shown as plain text, marked as not official.

Every page has a review date. One older than data/site.yml `review.max_age_days` is a
warning in `make check` and an error in `make release`; so is a procedure's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel.dates import format_date

from scripts.core.facts import Catalog, Source
from scripts.core.errors import ContentError
from scripts.trust.evidence import LEVELS, SOURCES_ID, cited



@dataclass(frozen=True)
class Review:
    reviewed: dt.date
    sources: tuple[Source, ...]

    def due(self, max_age_days: int) -> dt.date:
        return self.reviewed + dt.timedelta(days=max_age_days)


def _source_date(source: Source, language: str, labels: dict[str, str]) -> str:
    """'15 de noviembre de 2024', or 'consultado el 21 de noviembre de 2026' for an undated page."""
    text = format_date(source.date, format="long", locale=language)
    if source.date_kind == "consulted":
        return f"{labels['source_consulted']} {text}"
    return text


def _escape(text: str) -> str:
    """Plain text that Markdown shows as written."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def source_line(source: Source, language: str, labels: dict[str, str], site) -> str:
    """One source as a Markdown list item: a link, or the bare address of a look-alike host."""
    kind = labels[f"source_{source.kind.replace('-', '_')}"]
    if site.is_lookalike(source.url):
        parts = urlsplit(source.url)
        address = _escape(parts.netloc + parts.path.rstrip("/"))
        title = f"{_escape(source.title)}. {address} ({labels['source_lookalike']})"
    else:
        title = f"[{_escape(source.title)}]({source.url})"
    return f"- {title}. {_escape(source.publisher)}, {_source_date(source, language, labels)} ({kind})"


def section_markdown(review: Review, language: str, labels: dict[str, str], site, sources_id: str = SOURCES_ID) -> str:
    """The page's closing section: last review and sources, in the page's language."""
    date = format_date(review.reviewed, format="long", locale=language)
    lines = ["", '<section class="page-review" markdown="block">', "",
             f"## {labels['review_heading']} {{#{sources_id}}}", "",
             f"{labels['reviewed']}: {date}.", ""]
    if review.sources:
        ordered = sorted(review.sources, key=lambda s: LEVELS.index(s.kind))  # official first
        lines += [f"{labels['sources']}:", ""]
        lines += [source_line(s, language, labels, site) for s in ordered]
        lines.append("")
    lines += ["</section>", ""]
    return "\n".join(lines)


def _as_date(value, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(path, 1, f"front matter 'reviewed: {value}' is not a date",
                           "write it as YYYY-MM-DD") from None


def for_page(procedure_ids: list[str], meta: dict, catalog: Catalog, path: str, stem: str = "",
             text: str = "") -> Review | None:
    """The oldest review date among the page's procedures and its front matter, and all their sources.

    `stem` is the page's path without '.md': the sources of its answers in data/answers.yml count
    too, and so do the sources its `text` names inline (`[[sources: …]]`).
    """
    dates: list[dt.date] = []
    source_ids: list[str] = []
    for procedure_id in procedure_ids:
        procedure = catalog.procedures[procedure_id]
        dates.append(procedure.reviewed)
        source_ids.extend(procedure.sources)
        for step in procedure.steps:
            source_ids.extend(step.sources)
    if "reviewed" in meta:
        dates.append(_as_date(meta["reviewed"], path))
    extra = meta.get("sources") or []
    if extra == "all":  # a page about the guide itself lists every source in data/
        extra = list(catalog.sources)
    if not isinstance(extra, list):
        raise ContentError(path, 1, "front matter 'sources' must be a list of source IDs",
                           "write sources: [id-one, id-two]")
    for source_id in extra:
        if source_id not in catalog.sources:
            raise ContentError(path, 1, f"front matter names unknown source '{source_id}'",
                               "use an ID from data/sources.yml")
        source_ids.append(source_id)
    source_ids.extend(s for s in cited(text) if s in catalog.sources)
    if stem:
        for answer_id, record in catalog.answers.items():
            if answer_id.partition("#")[0] == stem:
                source_ids.extend(record.sources)
    if not dates:
        return None
    sources = tuple(catalog.sources[s] for s in dict.fromkeys(source_ids))
    return Review(min(dates), sources)


# ---------------------------------------------------------------------------
# What is due


@dataclass(frozen=True)
class Due:
    """One reviewed thing: a procedure or a page, with its title per language and its dates."""

    kind: str  # 'procedure' or 'page'
    ident: str
    title: dict[str, str]
    reviewed: dt.date
    due: dt.date
    path: str  # where to fix it
    line: int | None


def schedule(project, catalog: Catalog) -> list[Due]:
    """Every procedure and every page with its last review and when the next is due, soonest first."""
    from scripts.anchors.ids import plain
    from scripts.core.pages import pairs

    max_age = dt.timedelta(days=catalog.site.review_max_age_days)
    out: list[Due] = []
    procs_file = catalog.files.get("procedures")
    items = procs_file.value.get("procedures", []) if procs_file else []
    for index, procedure in enumerate(catalog.procedures.values()):
        line = procs_file.line(("procedures", index, "reviewed")) if procs_file and index < len(items) else None
        out.append(Due("procedure", procedure.id, procedure.title, procedure.reviewed, procedure.reviewed + max_age,
                       procs_file.name if procs_file else "data/procedures.yml", line))
    default = project.default_language.code
    for rel, versions in sorted(pairs(project).items()):
        source = versions.get(default)
        if source is None or "reviewed" not in source.meta:
            continue
        reviewed = _as_date(source.meta["reviewed"], project.rel(source.path))
        titles = {}
        for code, page in versions.items():
            heading = next((line for line in page.body.splitlines() if line.startswith("# ")), f"# {rel}")
            titles[code] = plain(heading[2:].split("{")[0])
        out.append(Due("page", rel, titles, reviewed, reviewed + max_age, project.rel(source.path),
                       source.meta_line("reviewed")))
    return sorted(out, key=lambda d: (d.due, d.kind, d.ident))


SOON_DAYS = 30  # items due within this many days are listed with the overdue ones


def due_markdown(items: list[Due], language: str, labels: dict[str, str], today: dt.date) -> str:
    """What is due for review, for the page about the guide: overdue items and those due soon,
    or one sentence with the next date when nothing is."""
    def when(day: dt.date) -> str:
        return format_date(day, format="long", locale=language)

    soon = [item for item in items if item.due <= today + dt.timedelta(days=SOON_DAYS)]
    if not soon:
        return labels["review_none_due"].format(date=when(items[0].due)) + "\n" if items else ""
    overdue = sum(1 for item in soon if item.due < today)
    lines = [labels["review_some_overdue"].format(count=overdue) if overdue else labels["review_due_soon"], ""]
    for item in soon:
        flag = f" **({labels['review_overdue']})**" if item.due < today else ""
        lines.append(f"- {_escape(item.title[language])}: {labels['review_due_next'].lower()} "
                     f"{when(item.due)}{flag}")
    return "\n".join(lines) + "\n"


def check(session, report) -> None:
    """Every page has a review date; reviews older than the set age are warnings (errors in releases)."""
    from scripts.steps import markers as steps
    from scripts.trust import evidence

    project, catalog = session.project, session.catalog
    today = dt.date.today()
    for item in schedule(project, catalog):
        if item.due < today:
            report.warn(ContentError(
                item.path, item.line,
                f"the review of {item.kind} '{item.ident}' is older than {catalog.site.review_max_age_days} days "
                f"(reviewed {item.reviewed.isoformat()}, due {item.due.isoformat()})",
                "check it against its sources, then update 'reviewed:'"))
    for code, pages in session.pages.items():
        for page in pages:
            name = project.rel(page.path)
            try:
                regions = steps.find_regions(page.text, name) if "steps" in page.text else []
                found = for_page([r.procedure_id for r in regions if r.procedure_id in catalog.procedures],
                                 page.meta, catalog, name, page.rel[:-3], page.body)
                evidence.cite(page.body, catalog, catalog.site.strings(code), name, page.body_offset + 1)
            except ContentError as err:
                report.error(err)
                continue
            if found is None:
                report.error(ContentError(name, 1, "the page has no review date",
                                          "add 'reviewed: YYYY-MM-DD' to the front matter: the day you last "
                                          "checked it against its sources"))
