"""Procedure steps in pages: find the marked regions, render them from data/, keep them in sync.

A page marks where a procedure goes with a pair of HTML comments:

    <!-- steps: recuperar-clave-correo -->
    <!-- /steps -->

or shows only some of its steps, keeping their numbers:

    <!-- steps: recuperar-clave-correo abrir-enlace crear-clave -->
    <!-- /steps -->

`make sync` rewrites only what lies between the markers, in the page's language.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass
from collections.abc import Sequence
from pathlib import Path

from scripts.trust import evidence
from scripts.core.facts import Catalog, Procedure
from scripts.core.vocabulary import language_name
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.markdown import fenced
from scripts.core.project import Project

OPEN_RE = re.compile(r"^<!--\s*steps:(?P<body>.*?)-->\s*$")
CLOSE_RE = re.compile(r"^<!--\s*/steps\s*-->\s*$")
LOOSE_RE = re.compile(r"^<!--\s*/?\s*steps\b")
HINT = "edit data/procedures.yml instead, then run make sync"


@dataclass(frozen=True)
class Region:
    """One marked region of a page. Offsets are into the page text; lines are 1-based."""

    procedure_id: str
    step_ids: tuple[str, ...] | None
    open_line: int
    close_line: int
    start: int  # first character after the opening marker's line
    end: int  # first character of the closing marker's line


def anchor(procedure_id: str, step_id: str) -> str:
    """The fragment of a rendered step: the same in every language."""
    return f"{procedure_id}-{step_id}"


def find_regions(text: str, path: str) -> list[Region]:
    """Every marked region of a page, skipping fenced code. Raise ContentError on bad markers."""
    regions: list[Region] = []
    opened: tuple[str, tuple[str, ...] | None, int, int] | None = None
    offset = 0
    for number, (line, code) in enumerate(fenced(text.splitlines(keepends=True)), start=1):
        start, offset = offset, offset + len(line)
        if code:
            continue
        stripped = line.strip()
        if match := OPEN_RE.match(stripped):
            if opened:
                raise ContentError(path, opened[2], f"steps marker for '{opened[0]}' is not closed",
                                   "add <!-- /steps --> before the next marker")
            words = match.group("body").replace(",", " ").split()
            if not words:
                raise ContentError(path, number, "steps marker names no procedure",
                                   "write <!-- steps: procedure-id -->")
            opened = (words[0], tuple(words[1:]) or None, number, offset)
        elif CLOSE_RE.match(stripped):
            if not opened:
                raise ContentError(path, number, "<!-- /steps --> closes nothing",
                                   "remove it, or add the opening <!-- steps: procedure-id --> above")
            regions.append(Region(opened[0], opened[1], opened[2], number, opened[3], start))
            opened = None
        elif LOOSE_RE.match(stripped):
            raise ContentError(path, number, f"malformed steps marker '{stripped[:60]}'",
                               "write <!-- steps: procedure-id --> … <!-- /steps -->")
    if opened:
        raise ContentError(path, opened[2], f"steps marker for '{opened[0]}' is not closed",
                           "add <!-- /steps --> after it")
    return regions


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def render(procedure: Procedure, step_ids: tuple[str, ...] | None, language: str,
           labels: dict[str, str], levels: Sequence[str | None] = (), sources_id: str = evidence.SOURCES_ID) -> str:
    """The Markdown that goes between the markers. Numbers stay those of the full procedure.

    `levels`: the evidence level of each step shown (scripts/trust/evidence.py). Steps resting only on
    the press or on unofficial guides are marked: each step of a run gets a class, and the
    first one says in words how far the run can be trusted, with a link to the sources.
    """
    steps = procedure.steps if step_ids is None else tuple(procedure.step(s) for s in step_ids)
    levels = tuple(levels) or (None,) * len(steps)
    run_of = {}
    for run in evidence.runs(levels):
        for index in range(run.first, run.last + 1):
            run_of[index] = run
    out = ['<ol class="steps" markdown="block">']
    for index, step in enumerate(steps):
        value = f' value="{step.number}"' if step_ids is not None else ""
        run = run_of.get(index)
        css = f' class="{evidence.CSS_RUN} {evidence.CSS_RUN}--{run.level}"' if run else ""
        out.append(f'<li id="{anchor(procedure.id, step.id)}"{value}{css} markdown="block">')
        out.append(step.text[language].strip())
        if run and run.first == index:
            out.append("")
            out.append(evidence.mark_markdown(run.level, labels, steps[run.first].number, steps[run.last].number,
                                              sources_id))
        if step.note:
            title = labels.get(step.note_kind or "note", "").replace('"', "'")
            out.append("")
            out.append(f'!!! {step.note_kind} "{title}"')
            out.append(_indent(step.note[language].strip(), "    "))
        out.append("</li>")
    out.append("</ol>")
    return "\n".join(out) + "\n"


def _resolve(region: Region, catalog: Catalog, path: str) -> Procedure:
    procedure = catalog.procedures.get(region.procedure_id)
    if procedure is None:
        raise ContentError(path, region.open_line, f"steps marker names unknown procedure '{region.procedure_id}'",
                           "use an ID from data/procedures.yml")
    for step_id in region.step_ids or ():
        if procedure.step(step_id) is None:
            raise ContentError(path, region.open_line,
                               f"procedure '{procedure.id}' has no step '{step_id}'",
                               "use a step ID from data/procedures.yml")
    return procedure


def sync_text(text: str, language: str, catalog: Catalog, path: str,
              sources_id: str = evidence.SOURCES_ID) -> tuple[str, list[Region]]:
    """The page with every region rendered from the catalog; text outside regions is untouched."""
    regions = find_regions(text, path)
    labels = catalog.site.strings(language)
    shown: dict[str, int] = {}
    pieces, cursor = [], 0
    for region in regions:
        procedure = _resolve(region, catalog, path)
        for step_id in region.step_ids or [s.id for s in procedure.steps]:
            key = anchor(procedure.id, step_id)
            if key in shown:
                raise ContentError(path, region.open_line,
                                   f"step '{step_id}' of '{procedure.id}' is already shown on line {shown[key]}",
                                   "show each step once per page and link to it with #" + key)
            shown[key] = region.open_line
        shown_steps = procedure.steps if region.step_ids is None else [procedure.step(s) for s in region.step_ids]
        levels = [evidence.level_of(procedure.step_sources(step), catalog) for step in shown_steps]
        pieces.append(text[cursor:region.start])
        pieces.append(render(procedure, region.step_ids, language, labels, levels, sources_id))
        cursor = region.end
    pieces.append(text[cursor:])
    return "".join(pieces), regions


# ---------------------------------------------------------------------------
# Whole-project sync and check


@dataclass(frozen=True)
class PageChange:
    path: Path
    old: str
    new: str


def plan(project: Project, catalog: Catalog) -> list[PageChange]:
    """What `make sync` would write. Raise ContentErrors, writing nothing, if any page is bad."""
    changes, errors = [], []
    for language in project.codes:
        for path in project.pages(language):
            name = project.rel(path)
            try:
                old = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # pages.check reports the line that is not UTF-8
            if "steps" not in old:  # fast path: most pages of a large site have no markers
                continue
            try:
                new, _ = sync_text(old, language, catalog, name, project.settings.sources_id)
            except ContentError as err:
                errors.append(err)
                continue
            if new != old:
                changes.append(PageChange(path, old, new))
    if errors:
        raise ContentErrors(errors)
    return changes


def write(changes: list[PageChange]) -> None:
    """Write every change or none: all temporary files first, then quick renames."""
    staged: list[tuple[str, Path]] = []
    try:
        for change in changes:
            fd, tmp = tempfile.mkstemp(dir=change.path.parent, prefix=".sync-", suffix=".md")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(change.new)
            os.chmod(tmp, change.path.stat().st_mode & 0o777)
            staged.append((tmp, change.path))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


SYNC_HINT = "run make sync"


def drift(project: Project, catalog: Catalog, context: int = 1, max_lines: int = 12) -> list[ContentError]:
    """Regions that differ from data/: each with a short diff and the fix.

    When data/ was saved after the page, the data is new and `make sync` is all it takes; when
    the page is newer, someone edited inside the markers, where `make sync` would undo it.
    """
    errors = []
    data_file = catalog.files["procedures"].path if "procedures" in catalog.files else None
    data_time = data_file.stat().st_mtime if data_file and data_file.is_file() else 0.0
    for change in plan(project, catalog):
        hint = SYNC_HINT if data_time >= change.path.stat().st_mtime else HINT
        edited = "" if hint == SYNC_HINT else " (edits inside the markers are overwritten)"
        name = project.rel(change.path)
        language = project.page_language(change.path)
        old_regions = find_regions(change.old, name)
        new_regions = find_regions(change.new, name)
        for old_r, new_r in zip(old_regions, new_regions):
            before = change.old[old_r.start:old_r.end]
            after = change.new[new_r.start:new_r.end]
            if before == after:
                continue
            diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(),
                                             "page", "data", n=context, lineterm=""))[2:]
            shown = diff[:max_lines] + ([f"… {len(diff) - max_lines} more lines"] if len(diff) > max_lines else [])
            errors.append(ContentError(
                name, old_r.open_line,
                f"{language_name(language or '')} steps of '{old_r.procedure_id}' differ from data/procedures.yml"
                + edited, hint, "\n".join(shown)))
    return errors


def marker_differences(project: Project, catalog: Catalog | None = None) -> list[ContentError]:
    """Translations whose step markers differ from their source page's: the same procedures,
    and the same steps, in the same order. A translation that lost its markers would keep old
    steps forever, since `make sync` rewrites only what lies between markers."""
    from scripts.core.pages import pairs

    errors = []
    default = project.default_language.code
    for rel, versions in sorted(pairs(project).items()):
        source = versions.get(default)
        if source is None:
            continue
        try:
            wanted = find_regions(source.text, project.rel(source.path))
            for region in wanted if catalog is not None else ():
                _resolve(region, catalog, project.rel(source.path))
        except ContentError:
            continue  # the source's own markers are wrong: drift() reports them, once
        for code, page in versions.items():
            if code == default:
                continue
            name = project.rel(page.path)
            try:
                found = find_regions(page.text, name)
            except ContentError:
                continue
            signature = [(r.procedure_id, r.step_ids) for r in found]
            expected = [(r.procedure_id, r.step_ids) for r in wanted]
            if signature == expected:
                continue
            index = next((i for i, (a, b) in enumerate(zip(signature, expected)) if a != b),
                         min(len(signature), len(expected)))
            line = found[index].open_line if index < len(found) else (found[-1].close_line if found else None)
            shown = ", ".join(_marker(p, s) for p, s in expected) or "none"
            errors.append(ContentError(
                name, line, f"its step markers differ from {project.rel(source.path)}: it should show {shown}",
                "copy the <!-- steps: … --> and <!-- /steps --> lines from the source page to the same places, "
                "then run make sync"))
    return errors


def _marker(procedure_id: str, step_ids: tuple[str, ...] | None) -> str:
    return "<!-- steps: " + " ".join((procedure_id, *(step_ids or ()))) + " -->"


def check(session, report) -> None:
    """Every marked region matches data/ (`make sync` fixes it); translations have the same markers."""
    report.error(*marker_differences(session.project, session.catalog))
    report.error(*drift(session.project, session.catalog))
