"""The pages in docs/: their front matter, and each page's counterpart in the other languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mkdocs.utils.meta import get_data

from scripts.core import yamlfile
from scripts.core.markdown import fenced
from scripts.core.errors import ContentError, relative
from scripts.core.project import Project
from scripts.core.report import Report


# The front matter as MkDocs reads it: between a first line '---' and the next '---' or '...'.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Page:
    path: Path
    language: str
    rel: str  # path inside the language folder, the same in every language

    @cached_property
    def text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            line = self.path.read_bytes()[: err.start].count(b"\n") + 1
            raise ContentError(relative(self.path), line, "this line is not valid UTF-8 text",
                               "save the file as UTF-8 (in your editor: Save with encoding, UTF-8)",
                               blocking=True) from None

    @cached_property
    def _front(self) -> tuple[dict, str, ContentError | None]:
        """(meta, body, the front matter's error). The front matter ends at its closing '---'
        even when its YAML is broken, so the body never starts with front matter lines."""
        match = FRONT_MATTER_RE.match(self.text)
        if not match:
            if re.match(r"-{3}[ \t]*\n", self.text):
                return {}, self.text, ContentError(relative(self.path), 1, "the front matter is not closed",
                                                   "add a line with only --- after its last 'key: value' line")
            return get_data(self.text)[1], get_data(self.text)[0], None
        body = self.text[match.end():].lstrip("\n")
        try:
            data = yamlfile.parse(match.group(1), relative(self.path), first_line=2).value
        except ContentError as err:
            return {}, body, err
        if data is not None and not isinstance(data, dict):
            return {}, body, ContentError(relative(self.path), 2, "the front matter is not a list of 'key: value' lines",
                                          "write one 'key: value' per line between the two --- lines")
        return data or {}, body, None

    @property
    def meta(self) -> dict:
        return self._front[0]

    @property
    def body(self) -> str:
        return self._front[1]

    @property
    def front_matter_error(self) -> ContentError | None:
        return self._front[2]

    @cached_property
    def body_offset(self) -> int:
        """Lines taken by the front matter, to turn body line numbers into file line numbers."""
        return self.text[: len(self.text) - len(self.body)].count("\n")

    def meta_line(self, key: str) -> int | None:
        """The line of a top-level front matter key, for messages."""
        for number, line in enumerate(self.text.splitlines()[1:], start=2):
            if line.strip() in ("---", "..."):
                return None
            if line.startswith(f"{key}:"):
                return number
        return None

    @property
    def url(self) -> str:
        """The page's URL path inside its language, as MkDocs writes it ('' for the home page)."""
        stem = self.rel[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"


SCRIPT_RE = re.compile(r"<\s*script\b[^>]*>?", re.IGNORECASE)


def _content_lines(page: Page):
    """(file line, text) of each line of the body outside fenced code."""
    for number, (line, code) in enumerate(fenced(page.body.splitlines()), start=page.body_offset + 1):
        if not code:
            yield number, line


def page_at(project: Project, path: Path | str) -> Page | None:
    """The page a file in docs/ is (MkDocs hooks pass `page.file.abs_src_path`); None outside
    a language folder."""
    path = Path(path)
    language = project.page_language(path)
    if language is None:
        return None
    rel = path.resolve().relative_to(project.language_dir(language).resolve()).as_posix()
    return Page(path, language, rel)


def all_pages(project: Project) -> dict[str, list[Page]]:
    """Every page of every language, keyed by language."""
    out = {}
    for code in project.codes:
        base = project.language_dir(code)
        out[code] = [Page(p, code, p.relative_to(base).as_posix()) for p in project.pages(code)]
    return out


def pairs(project: Project) -> dict[str, dict[str, Page]]:
    """rel path -> {language: page}: the same page in each language."""
    out: dict[str, dict[str, Page]] = {}
    for code, pages in all_pages(project).items():
        for page in pages:
            out.setdefault(page.rel, {})[code] = page
    return out


def check(session, report: Report) -> None:
    """Every page exists in every language, reads as UTF-8, has a front matter that reads and a
    meta description, and brings no script."""
    project = session.project
    default = project.default_language.code
    for rel, versions in session.pairs.items():
        for code in project.codes:
            if code in versions:
                continue
            present = versions.get(default) or next(iter(versions.values()))
            missing = project.rel(project.language_dir(code) / rel)
            report.error(ContentError(
                project.rel(present.path), None,
                f"has no {code} translation: {missing} is missing",
                f"create {missing} with the same headings and IDs"))
        for page in versions.values():
            if page.front_matter_error:
                err = page.front_matter_error
                report.error(ContentError(project.rel(page.path), err.line, "front matter: " + err.message, err.hint,
                                          blocking=True))
                continue
            for number, line in _content_lines(page):
                if match := SCRIPT_RE.search(line):
                    report.error(ContentError(project.rel(page.path), number,
                                              f"a page may not bring its own script ('{match.group(0)}')",
                                              "remove it: scripts for readers live in docs/assets/javascripts/"))
            description = page.meta.get("description")
            if not isinstance(description, str) or not description.strip():
                report.error(ContentError(project.rel(page.path), 1, "no 'description' in the front matter",
                                          "add one sentence that says what the page helps with"))
