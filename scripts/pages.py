"""The pages in docs/: their front matter, and each page's counterpart in the other languages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mkdocs.utils.meta import get_data

from .errors import ContentError
from .project import Project
from .report import Report


FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with True when it is fenced code (the ``` or ~~~ lines included): markers,
    headings and links shown as examples inside code are not real ones."""
    fence: str | None = None
    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                fence = None
            yield line, True
        elif match := FENCE_RE.match(line):
            fence = match.group(1)
            yield line, True
        else:
            yield line, False


@dataclass(frozen=True)
class Page:
    path: Path
    language: str
    rel: str  # path inside the language folder, the same in every language

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def meta(self) -> dict:
        return get_data(self.text)[1]

    @cached_property
    def body(self) -> str:
        return get_data(self.text)[0]

    @cached_property
    def body_offset(self) -> int:
        """Lines taken by the front matter, to turn body line numbers into file line numbers."""
        return self.text[: len(self.text) - len(self.body)].count("\n")

    @property
    def url(self) -> str:
        """The page's URL path inside its language, as MkDocs writes it ('' for the home page)."""
        stem = self.rel[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"


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


def check(project: Project, report: Report) -> None:
    """Every page exists in every language and has a meta description."""
    default = project.default_language.code
    for rel, versions in sorted(pairs(project).items()):
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
            description = page.meta.get("description")
            if not isinstance(description, str) or not description.strip():
                report.error(ContentError(project.rel(page.path), 1, "no 'description' in the front matter",
                                          "add one sentence that says what the page helps with"))
