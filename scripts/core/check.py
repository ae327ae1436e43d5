"""`make check`: every offline content check, in two rounds, on one session.

Source checks read data/ and docs/. If they pass, the site is built (MkDocs, then the
post-build pass), then the site checks read site/. Each check is a function in the module
of the feature it checks: `check(session, report)` for sources, `check_site(session,
site_dir, report)` for the built site. A session (scripts/core/session.py) reads and
computes each thing once, and parses each built page once, for all of them.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

from scripts.core import build
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project
from scripts.core.report import Report
from scripts.core.session import Session

# Each feature's checks, in the order their messages are most useful.
SOURCE_CHECKS = [
    "scripts.core.facts:check",  # data/ reads and validates
    "scripts.core.pages:check",  # every page in every language, front matter, no scripts
    "scripts.steps.markers:check",  # steps in sync with data/, same markers in every language
    "scripts.writing.translations:check",  # translations not older than their source
    "scripts.trees.model:check",  # troubleshooting trees
    "scripts.writing.readability:check",  # plain language
    "scripts.anchors.ids:check",  # explicit IDs, the same in every language
    "scripts.anchors.lock:check",  # published IDs never disappear
    "scripts.trust.evidence:check",  # answers name their sources
    "scripts.trust.review:check",  # review dates
    "scripts.trust.policy:check",  # forbidden text, the shape of a guide
    "scripts.search.vocabulary:check",  # words people use lead to answers that exist
]
SITE_CHECKS = [
    "scripts.publishing.headers:check_site",  # nothing the CSP blocks; _headers, nginx example
    "scripts.links.internal:check_site",  # every internal link and anchor; no ID twice on a page
    "scripts.anchors.lock:check_site",  # every published URL leads to its ID
    "scripts.answers.collect:check_site",  # exports and FAQ structured data match the pages
    "scripts.trust.evidence:check_site",  # marks where the data says; no look-alike links
    "scripts.trust.policy:check_site",  # https, official action links, the domains list
    "scripts.publishing.theme_strings:check_site",  # no English from the theme on other languages' pages
]


def _each(names: list[str]):
    for name in names:
        module, function = name.split(":")
        yield getattr(importlib.import_module(module), function)


def source_checks(session: Session, report: Report | None = None) -> Report:
    """The checks that read data/ and docs/."""
    report = report or Report()
    for check in _each(SOURCE_CHECKS):
        try:
            check(session, report)
        except (ContentError, ContentErrors) as err:
            report.absorb(err)
    report.drop_consequences()
    return report


def run(project: Project, *, build_site: bool = True, strict: bool = False,
        site_dir: Path | None = None) -> Report:
    """Source checks, then (if they pass) a build into `site_dir` and the site checks.

    With two cores, the source checks run in a forked process while this one builds: the
    build takes longest, and the checks are done by the time it ends. Their findings decide
    as before: with an error in the sources, the build is thrown away. The site is built in
    a folder beside `site_dir` and takes its place only when the build succeeds, so a
    failed check never leaves a half-written site.
    """
    session = Session(project)
    pending = _in_a_child(session) if build_site else None
    if pending is None:
        report = source_checks(session)
        if report.errors or not build_site:
            return _promote(report, strict)
    site = Path(site_dir or project.site_dir)
    building = site.with_name(f".{site.name}.building")
    shutil.rmtree(building, ignore_errors=True)
    status, shown = build.run(project, site_dir=building, quiet=True, session=session)
    if pending is not None:
        report = pending() or source_checks(session)
        if report.errors:
            shutil.rmtree(building, ignore_errors=True)
            return _promote(report, strict)
    if status != 0:
        shutil.rmtree(building, ignore_errors=True)
        found = build.problems(shown, project)
        report.error(*(found or [ContentError(
            "mkdocs.yml", None, "the strict build failed", "see its messages below",
            "\n".join(line.rstrip() for line in shown[-12:]))]))
        return _promote(report, strict)
    _replace(site, building)
    session.site(site, fresh=True).parse_all()
    for check in _each(SITE_CHECKS):
        try:
            check(session, site, report)
        except (ContentError, ContentErrors) as err:
            report.absorb(err)
    return _promote(report, strict)


def _replace(site: Path, built: Path) -> None:
    """Put the new build where the site goes, in one rename."""
    old = site.with_name(f".{site.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    built.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _in_a_child(session: Session):
    """Start the source checks in a forked process; return a function that waits for their
    report (None if it could not tell), or None when there is no second core or no fork."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(session, writer), daemon=True)
    child.start()
    writer.close()

    def wait() -> Report | None:
        try:
            found = reader.recv()
        except (EOFError, OSError):
            found = None
        child.join()
        return _unpack(found) if found is not None else None

    return wait


def _child(session: Session, writer) -> None:
    try:
        report = source_checks(session)
        writer.send(_pack(report))
    except Exception:  # noqa: BLE001 - the parent runs the checks itself and shows the problem
        writer.send(None)
    finally:
        writer.close()


def _pack(report: Report) -> dict:
    fields = ("path", "line", "message", "hint", "detail", "blocking")
    return {"errors": [[getattr(e, f) for f in fields] for e in report.errors],
            "warnings": [[getattr(w, f) for f in fields] for w in report.warnings],
            "notes": list(report.notes)}


def _unpack(data: dict) -> Report:
    return Report([ContentError(*e) for e in data["errors"]], [ContentError(*w) for w in data["warnings"]],
                  list(data["notes"]))


def _promote(report: Report, strict: bool) -> Report:
    """--strict (releases): every warning fails."""
    if strict:
        report.error(*report.warnings)
        report.warnings = []
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make check", description=(
        "Run every offline check: data, synced steps, translations, then build the site "
        "and check it. Exit 1 if anything is wrong."))
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (such as outdated translations) as errors (default: off)")
    parser.add_argument("--no-build", action="store_true",
                        help="run only the checks that read data/ and docs/ (default: off)")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where to build the site for the site checks (default: site/)")
    args = parser.parse_args(argv)
    start = time.monotonic()
    report = run(Project.here(), build_site=not args.no_build, strict=args.strict, site_dir=args.site_dir)
    report.print()
    summary = (f"make check: {len(report.errors)} error(s), {len(report.warnings)} warning(s) "
               f"in {time.monotonic() - start:.1f} s")
    print(summary, file=sys.stderr)
    return 1 if report.errors else 0
