"""`make check`: every offline content check, in two rounds.

Source checks read data/ and docs/. If they pass, the site is built, then site checks read
site/. Each check is a function `check(project, report)` in the module that owns the
thing it checks; add new ones to the lists below. Site checks are
`check_site(project, site_dir, report)`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from scripts.core import build
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project
from scripts.core.report import Report

SOURCE_CHECKS = [
    "scripts.core.facts:check",
    "scripts.steps.markers:check",
    "scripts.core.pages:check",
    "scripts.writing.translations:check",
    "scripts.trees.model:check",
    "scripts.writing.readability:check",
    "scripts.anchors.ids:check",
    "scripts.anchors.lock:check",
    "scripts.trust.evidence:check",
    "scripts.trust.review:check",
    "scripts.trust.policy:check",
]
SITE_CHECKS: list[str] = [
    "scripts.publishing.headers:check_site",
    "scripts.links.internal:check_site",
    "scripts.anchors.lock:check_site",
    "scripts.answers.collect:check_site",
    "scripts.trust.evidence:check_site",
    "scripts.trust.policy:check_site",
]


def _run(names: list[str], project: Project, report: Report) -> None:
    for name in names:
        module, function = name.split(":")
        try:
            getattr(importlib.import_module(module), function)(project, report)
        except (ContentError, ContentErrors) as err:
            report.absorb(err)


def run(project: Project, *, build_site: bool = True, strict: bool = False,
        site_dir: Path | None = None) -> Report:
    """Source checks, then (if they pass) a build into `site_dir` and the site checks."""
    report = Report()
    _run(SOURCE_CHECKS, project, report)
    report.drop_consequences()
    if report.errors or not build_site:
        return _promote(report, strict)
    site = site_dir or project.site_dir
    status, shown = build.run(project, site_dir=site, quiet=True)
    if status != 0:
        found = build.problems(shown, project)
        report.error(*(found or [ContentError(
            "mkdocs.yml", None, "the strict build failed", "see its messages below",
            "\n".join(line.rstrip() for line in shown[-12:]))]))
        return _promote(report, strict)
    for name in SITE_CHECKS:
        module, function = name.split(":")
        try:
            getattr(importlib.import_module(module), function)(project, site, report)
        except (ContentError, ContentErrors) as err:
            report.absorb(err)
    return _promote(report, strict)


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
