"""Content rules every page is held to, in `make check`.

Source rules (data/ and docs/):
- no text matches a forbidden pattern (data/site.yml `forbidden`: the seed's spam, invented
  figures and ratings, its unsourced wait times);
- a guide (`guide: true`) answers the sections data/site.yml `guides` lists, links to a
  troubleshooting tree, says where to get help in person, and numbers only the steps that
  come from data/ (no hand-typed numbered list: it would drift from data/procedures.yml).

Built-site rules (site/):
- every link that leaves the site is https;
- every link in a page's content that leaves the site, outside its review and sources section,
  sends the reader to an official domain or to a host listed in `other_hosts`;
- a page that lists the official domains (data/site.yml `official_domains_list`) lists
  exactly those of data/site.yml.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from scripts.core.errors import ContentError
from scripts.core.markdown import fenced
from scripts.core.pages import Page
from scripts.core.project import Project
from scripts.core.report import Report

ORDERED_ITEM_RE = re.compile(r"^\s*\d+[.)]\s")
_TREE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>#]*\.md)")


# ---------------------------------------------------------------------------
# Sources


def forbidden_in(text: str, site) -> list[tuple[int, str, str]]:
    """(line, name, matched text) for every forbidden pattern found in a text."""
    if not site.forbidden_any.search(text):
        return []  # one pass for the clean text that nearly every page is
    out = []
    for item in site.forbidden:
        for match in item.regex.finditer(text):
            out.append((text.count("\n", 0, match.start()) + 1, item.name, match.group(0)))
    return out


def _forbidden(session, report: Report) -> None:
    from scripts.steps import markers as steps

    project, catalog = session.project, session.catalog
    for pages in session.pages.values():
        for page in pages:
            try:
                regions = steps.find_regions(page.text, project.rel(page.path)) if "steps" in page.text else []
            except ContentError:
                regions = []
            synced = {n for r in regions for n in range(r.open_line, r.close_line + 1)}  # reported in data/
            for line, name, found in forbidden_in(page.text, catalog.site):
                if line in synced:
                    continue
                report.error(ContentError(project.rel(page.path), line, f"{name}: '{found}' must never be published",
                                          "remove it: see why in data/site.yml 'forbidden'"))
    for data in catalog.files.values():
        text = data.path.read_text(encoding="utf-8") if data.path.is_file() else ""
        if data.name.endswith("site.yml"):
            continue  # the patterns and their samples live there
        for line, name, found in forbidden_in(text, catalog.site):
            report.error(ContentError(data.name, line, f"{name}: '{found}' must never be published",
                                      "remove it: see why in data/site.yml 'forbidden'"))


def _tree_pages(session) -> set[str]:
    return {rel for rel, versions in session.pairs.items()
            if any(p.meta.get("tree") is True for p in versions.values())}


def guide_problems(page: Page, project: Project, catalog, trees: set[str], ids: set[str]) -> list[ContentError]:
    """What a guide page lacks: its sections (`ids`: the page's explicit IDs), a link to a
    tree, where to get help, or typed steps."""
    from scripts.steps import markers as steps

    name = project.rel(page.path)
    site = catalog.site
    problems = []
    for section in site.guide_sections:
        if section not in ids:
            problems.append(ContentError(name, None, f"the guide has no section '#{section}'",
                                         f"add a '## …? {{#{section}}}' heading; every guide answers "
                                         f"{', '.join('#' + s for s in site.guide_sections)}"))
    base = Path(page.rel).parent
    linked = {_normalise((base / m.group(1)).as_posix()) for m in _TREE_LINK_RE.finditer(page.body)}
    if trees and not linked & trees:
        problems.append(ContentError(name, None, "the guide links to no troubleshooting tree",
                                     "in the section on what to do when it fails"
                                     + (f" ('#{site.guide_sections[-1]}')" if site.guide_sections else "")
                                     + ", link each problem to the tree node that solves it"))
    for word in site.guide_must_mention:
        if word not in page.body:
            problems.append(ContentError(name, None, f"the guide never says '{word}'",
                                         "say where to get help in person"))
    try:
        regions = steps.find_regions(page.text, name) if "steps" in page.text else []
    except ContentError:
        regions = []  # steps.check reports bad markers
    inside = {line for r in regions for line in range(r.open_line, r.close_line + 1)}
    for number, (line, code) in enumerate(fenced(page.text.splitlines()), start=1):
        if not code and number not in inside and number > page.body_offset and ORDERED_ITEM_RE.match(line):
            problems.append(ContentError(name, number, "a numbered list typed into a guide",
                                         "numbered steps come from data/procedures.yml: add them there and "
                                         "show them with <!-- steps: procedure-id --> <!-- /steps -->, or use '- '"))
            break
    return problems


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def check(session, report: Report) -> None:
    """Forbidden text anywhere in data/ and docs/; the shape of every guide."""
    project, catalog = session.project, session.catalog
    _forbidden(session, report)
    trees = _tree_pages(session)
    for pages in session.pages.values():
        for page in pages:
            if page.meta.get("guide") is True:
                scanned = session.scanned.get(page.rel, {}).get(page.language)
                ids = set(scanned.ids) if scanned is not None else set()
                report.error(*guide_problems(page, project, catalog, trees, ids))


# ---------------------------------------------------------------------------
# The built site


def check_site(session, site_dir: Path, report: Report) -> None:
    """https everywhere; action links only to official domains; the official domains listed right."""
    from scripts.core import site as links

    project, catalog = session.project, session.catalog
    site = catalog.site
    built = session.site(site_dir)
    for path in built.html_files():
        page = built.page(path)
        source = links.source_of(project, built, path)
        for ref in page.references:
            if built.kind(ref.url) != "external":
                continue
            host = (urlsplit(ref.url).hostname or "").lower()
            where = links.where_to_fix(project, built, path, ref)
            if not ref.url.lower().startswith("https://"):
                report.error(ContentError(where[0], where[1], f"the link to {ref.url} is not https",
                                          "use the https:// address"))
            elif (ref.tag == "a" and ref.in_content and not ref.in_review and not site.is_official(ref.url)
                  and host not in site.other_hosts and not site.is_lookalike(ref.url)):
                report.error(ContentError(
                    where[0], where[1], f"the link to {ref.url} sends the reader to {host}, which is not an "
                    "official domain",
                    "link only to the domains in data/site.yml official_domains (or, for something that is "
                    "not an action, add the host to other_hosts with the reason)"))
        if site.official_domains_list:
            listed = [text.lower() for classes, text, _ in page.codes if site.official_domains_list in classes]
            if listed and sorted(listed) != sorted(site.official_domains):
                missing = sorted(set(site.official_domains) - set(listed))
                extra = sorted(set(listed) - set(site.official_domains))
                twice = sorted({d for d in listed if listed.count(d) > 1})
                parts = ([f"missing {', '.join(missing)}"] if missing else []) + \
                    ([f"not official: {', '.join(extra)}"] if extra else []) + \
                    ([f"listed twice: {', '.join(twice)}"] if twice else [])
                report.error(ContentError(source or project.rel(path), None,
                                          f"the list of official domains differs from data/site.yml: {'; '.join(parts)}",
                                          "list exactly the domains of official_domains, each once"))
