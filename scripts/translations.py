"""Which translations were made from an older version of their source page.

Each translated page records, in its front matter, the git commit of the source page
(default language) that it translates:

    translation_of: 3f2c1e0…   (written by `make translated PAGE=docs/en/x.md`)

`make check` warns when the source page has changed since that commit, and
`make check --strict` (releases) fails. Changes that lie only inside the step regions
(`<!-- steps: … -->`) do not count: `make sync` rewrites those in every language at once
from data/. Pages are compared by content, so a change that was later undone does not
count either.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import steps
from .errors import ContentError, ContentErrors
from .pages import Page, pairs
from .project import Project
from .report import Report

KEY = "translation_of"
KEY_RE = re.compile(rf"^{KEY}:\s*(?P<value>.*?)\s*$")
COMMIT_RE = re.compile(r"^[0-9a-f]{7,40}$")
MARK_HINT = "run: make translated PAGE={page}"
HISTORY_HINT = ("fetch the full history: git fetch --unshallow "
                "(in GitHub Actions: actions/checkout with fetch-depth: 0)")


class GitUnavailable(Exception):
    """git cannot answer here: not installed, or not a git repository."""


@dataclass(frozen=True)
class Git:
    """The few git questions this module asks, run in the project folder."""

    root: Path

    @classmethod
    def open(cls, root: Path) -> "Git":
        git = cls(root)
        if git._run("rev-parse", "--is-inside-work-tree", check=False) != "true":
            raise GitUnavailable(f"{root} is not inside a git repository")
        return git

    def _run(self, *args: str, check: bool = True) -> str | None:
        env = dict(os.environ, LC_ALL="C", GIT_OPTIONAL_LOCKS="0", GIT_PAGER="cat")
        try:
            done = subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", env=env)
        except FileNotFoundError:
            raise GitUnavailable("git is not installed") from None
        if done.returncode != 0:
            if check:
                raise GitUnavailable(f"git {args[0]} failed: {done.stderr.strip()}")
            return None
        return done.stdout.strip()

    def _path(self, path: Path) -> str:
        return "./" + path.resolve().relative_to(self.root.resolve()).as_posix()

    @property
    def shallow(self) -> bool:
        return self._run("rev-parse", "--is-shallow-repository", check=False) == "true"

    def commit(self, ref: str) -> str | None:
        """The full ID of a commit, or None if this clone does not have it."""
        return self._run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)

    def last_commit(self, path: Path) -> str | None:
        """The last commit that changed `path`, or None if it was never committed."""
        if self.commit("HEAD") is None:  # a repository with no commits yet
            return None
        return self._run("log", "-1", "--format=%H", "--", self._path(path)) or None

    def uncommitted(self, path: Path) -> bool:
        """True if `path` is new, modified or staged but not committed."""
        return bool(self._run("status", "--porcelain", "--untracked-files=all", "--", self._path(path)))

    def text_at(self, commit: str, path: Path) -> str | None:
        return self._run("show", f"{commit}:{self._path(path)}", check=False)

    def log_since(self, commit: str, path: Path) -> list[str]:
        """'abc1234 2026-11-20 subject' for each commit after `commit` that changed `path`."""
        out = self._run("log", "--format=%h %as %s", f"{commit}..HEAD", "--", self._path(path))
        return out.splitlines() if out else []


def comparable(text: str, path: str) -> str:
    """The page without what `make sync` writes (step regions), and without trailing spaces."""
    try:
        regions = steps.find_regions(text, path)
    except ContentError:  # broken markers in an old version: compare the whole text
        regions = []
    for region in reversed(regions):
        text = text[:region.start] + text[region.end:]
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def recorded(page: Page) -> tuple[str | None, int]:
    """The commit a translation records and its line; (None, 1) if it records none."""
    lines = page.text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if match := KEY_RE.match(line):
            return match.group("value").strip("'\""), number
    return None, 1


@dataclass(frozen=True)
class Translation:
    page: Page
    source: Page


def translations(project: Project) -> list[Translation]:
    """Every page in a non-default language whose source page exists."""
    default = project.default_language.code
    out = []
    for _, versions in sorted(pairs(project).items()):
        source = versions.get(default)
        if source is None:
            continue  # pages.check reports the missing source
        out += [Translation(page, source) for code, page in versions.items() if code != default]
    return out


def outdated(project: Project, git: Git) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings) about every translation's recorded commit."""
    errors, warnings = [], []
    shallow = None
    for item in translations(project):
        name, source_name = project.rel(item.page.path), project.rel(item.source.path)
        hint = MARK_HINT.format(page=name)
        value, line = recorded(item.page)
        if value is None:
            warnings.append(ContentError(
                name, 1, f"no '{KEY}' in the front matter: which version of {source_name} does it translate?",
                f"when it matches that page, {hint}"))
            continue
        if not COMMIT_RE.match(value):
            errors.append(ContentError(name, line, f"'{KEY}: {value}' is not a git commit ID",
                                       hint))
            continue
        commit = git.commit(value)
        if commit is None:
            shallow = git.shallow if shallow is None else shallow
            warnings.append(ContentError(
                name, line, f"commit {value[:12]} is not in this clone, so it is unknown whether "
                f"{source_name} changed since", HISTORY_HINT if shallow else f"if it is mistyped, {hint}"))
            continue
        old = git.text_at(commit, item.source.path)
        if old is None:
            warnings.append(ContentError(name, line, f"{source_name} did not exist at commit {value[:12]}",
                                         f"check the translation, then {hint}"))
            continue
        if comparable(old, source_name) == comparable(item.source.text, source_name):
            continue
        log = git.log_since(commit, item.source.path)
        pending = git.uncommitted(item.source.path)
        since = [f"{len(log)} commit(s)"] if log else []
        since += ["changes not committed yet"] if pending else []
        warnings.append(ContentError(
            name, line, f"may be outdated: {source_name} changed since {value[:7]} ({', '.join(since) or 'edited'})",
            f"update the translation (see: git diff {value[:7]} -- {source_name}), then {hint}",
            "\n".join(log[:5] + ([f"… {len(log) - 5} more"] if len(log) > 5 else []))))
    return errors, warnings


def check(project: Project, report: Report) -> None:
    """Warn about translations whose source page changed after the commit they record."""
    try:
        git = Git.open(project.root)
        errors, warnings = outdated(project, git)
    except GitUnavailable as err:
        report.warn(ContentError(project.rel(project.docs_dir), None,
                                 f"translations not checked for freshness: {err}",
                                 "run make check in a git clone with its history"))
        return
    report.error(*errors)
    report.warn(*warnings)


# ---------------------------------------------------------------------------
# `make translated`


def with_key(text: str, value: str) -> str:
    """`text` with `translation_of: value` in its front matter (added or replaced)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    entry = f"{KEY}: {value}{newline}"
    if not lines or lines[0].strip() != "---":
        return f"---{newline}{entry}---{newline}{newline}" + text
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[:index] + [entry] + lines[index:])
        if KEY_RE.match(line.rstrip("\r\n")):
            return "".join(lines[:index] + [entry] + lines[index + 1:])
    raise ContentError("", 1, "the front matter is not closed", "add a line with --- after it")


def plan(project: Project, paths: list[Path] | None) -> list[tuple[Path, str, str]]:
    """(page, new text, commit) for each translation to mark; None marks them all.

    A path may name a translation or a source page (then all its translations).
    Raise ContentErrors, planning nothing, if any page cannot be marked.
    """
    try:
        git = Git.open(project.root)
    except GitUnavailable as err:
        raise ContentError(project.rel(project.docs_dir), None, f"cannot record translations: {err}",
                           "run it in a git clone of the project") from None
    chosen = translations(project)
    errors: list[ContentError] = []
    if paths is not None:
        wanted = {p.resolve() for p in paths}
        for path in paths:
            if not path.is_file():
                errors.append(ContentError(project.rel(path), None, "no such page",
                                           "give a page path such as docs/en/index.md"))
            elif not any(path.resolve() in (t.page.path.resolve(), t.source.path.resolve()) for t in chosen):
                errors.append(ContentError(project.rel(path), None, "not a page of docs/ with a translation",
                                           "give a page path such as docs/en/index.md"))
        chosen = [t for t in chosen if t.page.path.resolve() in wanted or t.source.path.resolve() in wanted]
    out, commits = [], {}
    for item in chosen:
        source_name = project.rel(item.source.path)
        if source_name not in commits:
            if git.uncommitted(item.source.path):
                errors.append(ContentError(source_name, None, "has changes that are not committed yet",
                                           "commit the source page first: a translation records its commit"))
                commits[source_name] = None
                continue
            commits[source_name] = git.last_commit(item.source.path)
            if commits[source_name] is None:
                errors.append(ContentError(source_name, None, "is not committed yet",
                                           "commit the source page first: a translation records its commit"))
        commit = commits[source_name]
        if commit:
            try:
                out.append((item.page.path, with_key(item.page.text, commit), commit))
            except ContentError as err:
                errors.append(ContentError(project.rel(item.page.path), err.line, err.message, err.hint))
    if errors:
        raise ContentErrors(errors)
    return out


def mark_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make translated", description=(
        f"Record in each translation's front matter ('{KEY}') the last commit of its source "
        "page: say 'this translation matches that version'. Writes every page or none."))
    parser.add_argument("pages", nargs="*", type=Path,
                        help="translations (docs/en/x.md) or source pages (docs/es/x.md: all its translations)")
    parser.add_argument("--all", action="store_true", help="mark every translation (default: off)")
    args = parser.parse_args(argv)
    if bool(args.pages) == args.all:
        parser.error("give the pages to mark (make translated PAGE=docs/en/x.md) or --all (PAGE=all)")
    project = Project.here()
    written = 0
    for path, text, commit in plan(project, None if args.all else args.pages):
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8", newline="")
            print(f"marked {project.rel(path)} as a translation of {commit[:7]}")
            written += 1
    if not written:
        print("every page named already records the last commit of its source")
    return 0


def outdated_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts outdated", description=(
        "List the translations whose source page changed since the commit they record. "
        "Exit 1 if there is any."))
    parser.parse_args(argv)
    report = Report()
    check(Project.here(), report)
    report.print(out=sys.stdout)
    return 1 if report.errors or report.warnings else 0
