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

from scripts.steps import markers as steps
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.vocabulary import language_name
from scripts.core.pages import Page, pairs
from scripts.core.project import Project
from scripts.core.report import Report

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


# ---------------------------------------------------------------------------
# Texts in data/: each translated text records the source text it was made from


DATA_LOCK = "translations.lock.yml"  # in data/, written by `make translated`
DATA_HEADER = """\
# Written by `make translated`; do not edit by hand. For each text in data/ written in
# several languages: a short hash of the source-language text its translation was made
# from. When the source text changes, `make check` says the translation may be outdated.
"""
DATA_HINT = "update the {language} text, then run: make translated PAGE={file}"


@dataclass(frozen=True)
class DataText:
    """One text of data/ written in every language: where it is, and its versions."""

    file: str  # 'procedures'
    key: str  # 'procedures/desbloquear-clave/steps/abrir-portal/note'
    location: tuple
    versions: dict[str, str]


def data_texts(catalog, languages: tuple[str, ...]) -> list[DataText]:
    """Every multilingual text in data/, keyed by the IDs on its way (stable when items move)."""
    out: list[DataText] = []

    def walk(value, location: tuple, key: tuple, file: str):
        if isinstance(value, dict):
            if all(isinstance(value.get(code), str) for code in languages):
                parts = key[1:] if key[:1] == (file,) else key  # 'procedures/…', not 'procedures/procedures/…'
                out.append(DataText(file, "/".join((file,) + parts), location,
                                    {code: value[code] for code in languages}))
                return
            for name, child in value.items():
                walk(child, location + (name,), key + (str(name),), file)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                ident = child.get("id") if isinstance(child, dict) else None
                walk(child, location + (index,), key + (str(ident if ident is not None else index),), file)

    for file, data in catalog.files.items():
        walk(data.value, (), (), file)
    return out


def digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def data_lock_path(project: Project) -> Path:
    return project.data_dir / DATA_LOCK


def read_data_lock(project: Project) -> dict[str, dict[str, str]]:
    from scripts.core import yamlfile

    path = data_lock_path(project)
    if not path.is_file():
        return {}
    value = yamlfile.load(path, project.root).value or {}
    if not isinstance(value, dict):
        raise ContentError(project.rel(path), 1, "not a block of languages", "run: make translated PAGE=all")
    return value


def outdated_data(project: Project, catalog) -> list[ContentError]:
    """Warnings: translated texts in data/ whose source text changed since they were marked."""
    default = project.default_language.code
    recorded_hashes = read_data_lock(project)
    warnings = []
    for text in data_texts(catalog, project.codes):
        data = catalog.files[text.file]
        for code in project.codes:
            if code == default:
                continue
            wanted = digest(text.versions[default])
            have = (recorded_hashes.get(code) or {}).get(text.key)
            if have == wanted:
                continue
            language = language_name(code)
            hint = DATA_HINT.format(language=language, file=data.name)
            line = data.line(text.location + (code,))
            if have is None:
                warnings.append(ContentError(data.name, line, f"the {language} text is not marked as a translation "
                                             f"of the {language_name(default)} text",
                                             f"when it says the same, {hint.split(', then ')[1]}"))
            else:
                warnings.append(ContentError(data.name, line, f"the {language} text may be outdated: the "
                                             f"{language_name(default)} text changed since it was translated",
                                             hint))
    return warnings


def mark_data(project: Project, catalog, files: set[str] | None = None) -> tuple[str, int]:
    """The lock file's new text, recording the current source texts (of `files`, or all), and
    how many entries changed."""
    default = project.default_language.code
    current = read_data_lock(project)
    changed = 0
    keep = {code: dict(current.get(code) or {}) for code in project.codes if code != default}
    known = set()
    for text in data_texts(catalog, project.codes):
        known.add(text.key)
        if files is not None and catalog.files[text.file].name not in files:
            continue
        for code in keep:
            value = digest(text.versions[default])
            if keep[code].get(text.key) != value:
                keep[code][text.key] = value
                changed += 1
    lines = [DATA_HEADER.rstrip("\n")]
    for code, entries in keep.items():
        lines.append(f"{code}:")
        for key in sorted(k for k in entries if k in known):
            lines.append(f"  {key}: '{entries[key]}'")
    return "\n".join(lines) + "\n", changed


def check(session, report: Report) -> None:
    """Warn about translations whose source page changed after the commit they record, and
    about translated texts in data/ whose source text changed."""
    project = session.project
    if session.catalog_or_none is not None:  # else the data check reports why
        report.warn(*outdated_data(project, session.catalog))
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
                        help="translations (docs/en/x.md), source pages (docs/es/x.md: all its translations), "
                             "or data files (data/procedures.yml: every text in it)")
    parser.add_argument("--all", action="store_true", help="mark every translation, pages and data (default: off)")
    args = parser.parse_args(argv)
    if bool(args.pages) == args.all:
        parser.error("give the pages to mark (make translated PAGE=docs/en/x.md) or --all (PAGE=all)")
    project = Project.here()
    from scripts.core import facts as catalog_module

    data_files = None if args.all else {project.rel(p) for p in args.pages if p.suffix in (".yml", ".yaml")}
    page_paths = None if args.all else [p for p in args.pages if p.suffix not in (".yml", ".yaml")]
    written = 0
    # Plan everything first: a problem anywhere writes nothing.
    pages_planned = plan(project, page_paths) if page_paths is None or page_paths else []
    data_planned = None
    has_data = any((project.data_dir / name).is_file() for name in catalog_module.FILES.values())
    if data_files or (data_files is None and has_data):
        loaded = catalog_module.load(project)
        unknown = sorted((data_files or set()) - {f.name for f in loaded.files.values()})
        if unknown:
            raise ContentError(unknown[0], None, "not a data file with translated texts",
                               "give data/procedures.yml, data/site.yml or data/answers.yml")
        data_planned = mark_data(project, loaded, data_files)
    if data_planned is not None:
        text, changed = data_planned
        path = data_lock_path(project)
        if changed or not path.is_file():
            path.write_text(text, encoding="utf-8")
            print(f"marked {changed} text(s) in data/ as translated ({project.rel(path)})")
            written += 1
    for path, text, commit in pages_planned:
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
    from scripts.core.session import Session

    report = Report()
    check(Session(Project.here()), report)
    report.print(out=sys.stdout)
    return 1 if report.errors or report.warnings else 0
