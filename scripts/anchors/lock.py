"""Published anchors never break: the lock file, what it promises, and how moves are honoured.

`data/anchors.lock.yml` lists every page and explicit ID that has been published. A later
edit may not remove one unless the lock says where it went (`moved:`):

- a page (`old.md: new.md`): the old URL redirects, in every language, to the same
  language's new page (a stub written by scripts/publishing/postbuild.py); the fragment
  goes along, so the old page's IDs must exist on the new page or be mapped too;
- an ID (`page.md#old: page.md#new`, or another page): the old ID stays in the built HTML
  as an empty element inside the new target, so the old link still scrolls there without
  JavaScript. If the reader lands on a page that does not hold the target, the old ID marks
  a short "this moved" link to it.

`python -m scripts lock-anchors` adds new pages and IDs; it never removes one.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from scripts.anchors import ids as anchors_module
from scripts.core import yamlfile
from scripts.core.vocabulary import ID_HINT, ID_RE
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project
from scripts.core.report import Report

LOCK_FILE = "anchors.lock.yml"  # in data/
PUBLISHED_KEY = "published:"
HEADER = """\
# Published pages and anchors. Support agents and readers link to these, in every
# language: `make check` fails if one disappears, unless `moved:` says where it went.
#
# published: written by `make lock-anchors`, which only ever adds. Do not edit it by hand.
#   page (path inside docs/<lang>/) -> its explicit IDs (headings, steps, tree nodes).
# moved: written by hand, kept by `make lock-anchors` (comments too).
#   old-page.md: new-page.md                 the old URL redirects (each language to itself)
#   page.md#old-id: other-page.md#new-id     the old ID still leads to the new place
# An ID may move without its page, and a page without some of its IDs: map each one.

moved: {}

"""


@dataclass(frozen=True)
class Destination:
    """Where an old link ends up: a page and, optionally, an ID on it."""

    page: str
    anchor: str | None = None

    def __str__(self) -> str:
        return self.page + (f"#{self.anchor}" if self.anchor else "")


def parse_target(text: str) -> Destination:
    page, _, anchor = str(text).partition("#")
    return Destination(page.strip(), anchor.strip() or None)


@dataclass(frozen=True)
class Alias:
    """An old ID kept alive on a built page.

    kind 'alias': an empty element with the old ID inside the element with `target.anchor`
    (or the top of the page) on the same page. kind 'pointer': the target is on another
    page, so the old ID marks a short link to it.
    """

    page: str  # where the old link lands (after any page redirect)
    old_id: str
    target: Destination
    kind: str


@dataclass
class Lock:
    path: Path
    published: dict[str, list[str]] = field(default_factory=dict)
    moved: dict[str, Destination] = field(default_factory=dict)
    file: yamlfile.YamlFile | None = None
    text: str = ""

    @property
    def name(self) -> str:
        return self.file.name if self.file else self.path.name

    def line(self, *location) -> int | None:
        return self.file.line(location) if self.file else None

    @cached_property
    def moved_pages(self) -> dict[str, str]:
        return {k: v.page for k, v in self.moved.items() if "#" not in k}

    @cached_property
    def moved_anchors(self) -> dict[tuple[str, str], Destination]:
        out = {}
        for key, target in self.moved.items():
            if "#" in key:
                page, _, anchor = key.partition("#")
                out[(page, anchor)] = target
        return out


def lock_path(project: Project) -> Path:
    return project.data_dir / LOCK_FILE


def load(project: Project) -> Lock:
    """Read the lock. A missing file is an empty lock (nothing published yet)."""
    path = lock_path(project)
    if not path.exists():
        return Lock(path)
    data = yamlfile.load(path, project.root)
    value = data.value or {}
    lock = Lock(path, file=data, text=path.read_text(encoding="utf-8"))
    errors: list[ContentError] = []
    if not isinstance(value, dict):
        raise data.error((), "the lock should be a block of keys", "restore it from git, then run make lock-anchors")
    for key in value:
        if key not in ("moved", "published"):
            errors.append(data.error((key,), f"unknown key '{key}'", "only 'moved' and 'published' belong here"))
    published = value.get("published") or {}
    if not isinstance(published, dict):
        errors.append(data.error(("published",), "'published' should be a block of pages",
                                 "restore it from git, then run make lock-anchors"))
        published = {}
    for page, ids in published.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            errors.append(data.error(("published", page), f"'{page}' should list IDs, one per line",
                                     "restore it from git, then run make lock-anchors"))
            continue
        lock.published[str(page)] = list(ids)
    moved = value.get("moved") or {}
    if not isinstance(moved, dict):
        errors.append(data.error(("moved",), "'moved' should map old places to new ones",
                                 "write lines like 'old.md: new.md' or 'page.md#old-id: page.md#new-id'"))
        moved = {}
    for old, new in moved.items():
        where = ("moved", old)
        old, target = str(old), parse_target(new) if isinstance(new, str) else None
        page, _, anchor = old.partition("#")
        if target is None:
            errors.append(data.error(where, f"'{old}' should map to a page or 'page.md#id'",
                                     "write it as 'old.md: new.md' or 'page.md#old-id: page.md#new-id'"))
            continue
        if not page.endswith(".md") or not target.page.endswith(".md"):
            errors.append(data.error(where, f"'{old}: {new}' should name Markdown pages",
                                     "use paths inside docs/<lang>/, like 'problemas/correo-no-llega.md'"))
            continue
        if "#" in old and not anchor:
            errors.append(data.error(where, f"'{old}' has an empty ID", "write 'page.md#id'"))
            continue
        if "#" not in old and target.anchor:
            errors.append(data.error(where, f"a page ('{old}') can only move to a page, not to '{new}'",
                                     "map the page to a page; map each of its IDs on its own line"))
            continue
        for ident in (anchor, target.anchor):
            if ident and not ID_RE.match(ident):
                errors.append(data.error(where, f"'{ident}' is not a valid ID", ID_HINT))
        lock.moved[old] = target
    if errors:
        raise ContentErrors(errors)
    return lock


# ---------------------------------------------------------------------------
# What the lock promises, checked against the pages


@dataclass
class Resolution:
    """The lock checked against the pages: problems, aliases to add, redirects to write."""

    errors: list[ContentError] = field(default_factory=list)
    aliases: dict[str, list[Alias]] = field(default_factory=dict)  # page -> aliases on it
    redirects: dict[str, str] = field(default_factory=dict)  # old page -> final page
    unlocked: dict[str, list[str]] = field(default_factory=dict)  # page -> IDs not in the lock


def resolve(project: Project, lock: Lock, scanned: dict[str, dict[str, anchors_module.PageAnchors]]) -> Resolution:
    """Check every published page and ID against the current pages, in every language."""
    out = Resolution()
    name = lock.name
    codes = project.codes
    # rel -> language -> set of IDs; a page "exists" if it exists in the default language.
    ids = {rel: {code: set(found.ids) for code, found in versions.items()} for rel, versions in scanned.items()}
    default = project.default_language.code
    exists = {rel for rel, versions in ids.items() if default in versions}

    def final_page(page: str, seen: tuple[str, ...] = ()) -> str | None:
        """Follow page moves to a page that exists; None if the chain breaks or loops."""
        if page in exists:
            return page
        if page in seen or page not in lock.moved_pages:
            return None
        return final_page(lock.moved_pages[page], seen + (page,))

    # A language version that is missing altogether is the translation check's error
    # (scripts/core/pages.py), not one error per published ID.
    def has(page: str, anchor: str) -> bool:
        return all(anchor in found for found in ids[page].values())

    def missing_in(page: str, anchor: str) -> list[str]:
        return [project.rel(project.language_dir(c) / page) for c in codes
                if c in ids[page] and anchor not in ids[page][c]]

    # The moves themselves.
    for old, target in lock.moved.items():
        line = lock.line("moved", old)
        page, _, anchor = old.partition("#")
        if page not in lock.published or (anchor and anchor not in lock.published[page]):
            out.errors.append(ContentError(name, line, f"'{old}' was never published, so it needs no mapping",
                                           "check the spelling against published: below, or remove the line"))
            continue
        if not anchor and page in exists:
            out.errors.append(ContentError(name, line, f"'{page}' is mapped under moved: but still exists",
                                           "remove the mapping, or remove the page: a redirect would replace it"))
            continue
        if anchor and page in exists and has(page, anchor):
            out.errors.append(ContentError(name, line, f"'{old}' is mapped under moved: but the page still has #{anchor}",
                                           "remove the mapping, or remove the ID from the page"))
            continue
        destination = final_page(target.page)
        if destination is None:
            out.errors.append(ContentError(name, line, f"'{old}' moves to '{target.page}', which does not exist",
                                           "map it to a page in docs/, such as 'recuperar-clave.md'"))
            continue
        if target.anchor and not has(destination, target.anchor):
            where = ", ".join(missing_in(destination, target.anchor))
            out.errors.append(ContentError(name, line, f"'{old}' moves to '{target}', but #{target.anchor} is not in {where}",
                                           "map it to an ID that exists"))
            continue
        if not anchor:
            out.redirects[page] = destination

    # Every published page and ID.
    for page, published_ids in lock.published.items():
        landing = final_page(page)
        if landing is None:
            out.errors.append(ContentError(
                name, lock.line("published", page), f"published page '{page}' no longer exists",
                f"restore docs/<lang>/{page}, or add '{page}: <new page>.md' under moved: (the old URL will redirect)"))
            continue
        for index, anchor in enumerate(published_ids):
            line = lock.line("published", page, index)
            mapped = lock.moved_anchors.get((page, anchor))
            if mapped is None and landing == page and has(page, anchor):
                continue  # still there
            if mapped is None and landing != page and has(landing, anchor):
                continue  # the page moved and took the ID along (the redirect keeps the fragment)
            if mapped is None and anchor in ids[landing].get(default, ()):
                continue  # only a translation lacks it: the translation check reports that, once
            if mapped is None:
                where = ", ".join(missing_in(landing, anchor))
                moved_note = f" (the page moved to {landing})" if landing != page else ""
                out.errors.append(ContentError(
                    name, line, f"published anchor '{page}#{anchor}' is gone from {where}{moved_note}",
                    f"restore the ID, or add '{page}#{anchor}: <page>.md#<new-id>' under moved:"))
                continue
            destination = final_page(mapped.page)
            if destination is None:
                continue  # reported with the moves above
            if landing in ids and has(landing, anchor) and landing != page:
                out.errors.append(ContentError(
                    name, lock.line("moved", f"{page}#{anchor}"),
                    f"'{page}#{anchor}' lands on {landing}, which has its own #{anchor}",
                    "the redirect keeps the fragment, so this mapping cannot take effect; remove it"))
                continue
            kind = "alias" if destination == landing else "pointer"
            out.aliases.setdefault(landing, []).append(
                Alias(landing, anchor, Destination(destination, mapped.anchor), kind))

    # Two old links landing on the same ID must lead to the same place.
    for page, aliases in out.aliases.items():
        unique: dict[str, Alias] = {}
        for alias in aliases:
            first = unique.setdefault(alias.old_id, alias)
            if first.target != alias.target:
                out.errors.append(ContentError(
                    name, lock.line("moved"), f"two old links land on {page}#{alias.old_id} "
                    f"but lead to different places ({first.target}, {alias.target})",
                    "map them to the same place"))
        out.aliases[page] = list(unique.values())

    # What is not published yet.
    for rel in sorted(exists):
        known = set(lock.published.get(rel, ()))
        new = [i for i in scanned[rel][default].ids if i not in known]
        if rel not in lock.published or new:
            out.unlocked[rel] = new
    return out


# ---------------------------------------------------------------------------
# Checks and the command


def check(session, report: Report) -> None:
    """No published page or ID has disappeared without a mapping; list what is not locked yet."""
    project, lock, found = session.project, session.lock, session.resolution
    report.error(*found.errors)
    if not found.unlocked:
        return
    pages = [p for p in found.unlocked if p not in lock.published]
    ids = sum(len(v) for v in found.unlocked.values())
    listed = ", ".join(sorted(found.unlocked)[:4]) + (", …" if len(found.unlocked) > 4 else "")
    report.warn(ContentError(
        project.rel(lock.path), None, f"not published yet: {len(pages)} new page(s) and {ids} new ID(s), on {listed}",
        "run make lock-anchors once they are final, and commit the lock"))


def check_site(session, site_dir: Path, report: Report) -> None:
    """In the built site, every published URL still leads to its ID, in every language."""
    from scripts.core.pages import Page

    project, lock, found = session.project, session.lock, session.resolution
    site = session.site(site_dir)
    if found.errors:
        return  # reported by the source check
    for lang in project.languages:
        for page, published_ids in lock.published.items():
            url = Page(Path(page), lang.code, page).url
            built = site_dir / lang.prefix / url / "index.html"
            if not built.is_file():
                report.error(ContentError(project.rel(built), None, f"published page '{page}' was not built",
                                          "check the page exists in docs/, or its moved: entry in data/anchors.lock.yml"))
                continue
            parsed = site.page(built)
            if parsed.meta_refresh:
                final = (built.parent / parsed.meta_refresh.split("#")[0]).resolve() / "index.html"
                if not final.is_file():
                    report.error(ContentError(project.rel(built), None,
                                              f"redirect to '{parsed.meta_refresh}' leads nowhere",
                                              "check the moved: entry in data/anchors.lock.yml"))
                    continue
                parsed = site.page(final)
            for anchor in published_ids:
                if anchor not in parsed.ids:
                    report.error(ContentError(project.rel(parsed.path), None,
                                              f"published link '{lang.prefix}{url}#{anchor}' finds no element with that id",
                                              "check the moved: entries in data/anchors.lock.yml"))


def updated_text(lock: Lock, published: dict[str, list[str]]) -> str:
    """The lock file with its `published:` block rewritten; everything above it is kept as is."""
    text = lock.text or HEADER
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == PUBLISHED_KEY), len(lines))
    head = "".join(lines[:start])
    if head and not head.endswith("\n"):
        head += "\n"
    body = [PUBLISHED_KEY + "\n"]
    for page in sorted(published):
        body.append(f"  {_quote(page)}:\n")
        body.extend(f"    - {ident}\n" for ident in published[page])
    return head + "".join(body)


def _quote(value: str) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, width=1000).strip()
    return dumped[:-4].strip() if dumped.endswith("\n...") else dumped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make lock-anchors", description=(
        "Add every current page and explicit ID to data/anchors.lock.yml. It only adds: if a "
        "published page or ID is gone, it stops and says which, so you can restore it or map it "
        "under moved:."))
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if some page or ID is not in the lock yet (default: off)")
    args = parser.parse_args(argv)
    from scripts.core.session import Session

    session = Session(Project.here())
    project, lock, found = session.project, session.lock, session.resolution
    problems = anchors_module.problems(project, session.scanned)
    if problems or found.errors:
        raise ContentErrors(problems + found.errors)
    published = {page: list(ids) for page, ids in lock.published.items()}
    new_pages = [page for page in found.unlocked if page not in lock.published]
    new_ids = sum(len(ids) for ids in found.unlocked.values())
    for page, ids in found.unlocked.items():
        published.setdefault(page, []).extend(ids)
    path = project.rel(lock_path(project))
    if args.check:
        for page, ids in found.unlocked.items():
            print(f"{path}: not published yet: {page} {' '.join('#' + i for i in ids)}".rstrip())
        if not found.unlocked:
            print(f"{path} lists every page and ID")
        return 1 if found.unlocked else 0
    text = updated_text(lock, published)
    if text == lock.text:
        print(f"{path} already lists every page and ID ({_count(published)})")
        return 0
    lock.path.parent.mkdir(parents=True, exist_ok=True)
    lock.path.write_text(text, encoding="utf-8")
    for page, ids in found.unlocked.items():
        if page in lock.published:
            print(f"new IDs on {page}: {' '.join('#' + i for i in ids)}")
        else:
            print(f"new page: {page} ({len(ids)} IDs)")
    print(f"wrote {path}: {_count(published)}; added {len(new_pages)} pages and {new_ids} IDs, removed none")
    return 0


def _count(published: dict[str, list[str]]) -> str:
    return f"{len(published)} pages, {sum(len(v) for v in published.values())} IDs"
