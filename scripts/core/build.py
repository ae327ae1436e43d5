"""`make build`: a strict MkDocs build that prints only what needs attention.

MkDocs runs in this process, so a check (scripts/core/check.py) hands its session to the
plugin: the data, the pages and their IDs are read once for the checks and the build. Its
log records are kept as the command line would print them (`LEVEL -  message`), without
INFO and DEBUG; `problems()` turns the warnings into editors' errors.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import logging
import os
import posixpath
import re
import sys
import time
from pathlib import Path

from scripts.core.errors import ContentError
from scripts.core.project import PLUGIN, Project

_LEVEL_RE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+")


def filtered(lines, out=sys.stderr) -> list[str]:
    """Pass through everything except INFO/DEBUG records and their continuation lines."""
    kept, hiding = [], False
    for line in lines:
        match = _LEVEL_RE.match(line)
        if match:
            hiding = match.group(1) in ("DEBUG", "INFO")
        elif hiding and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        else:
            hiding = False
        if hiding:
            continue
        kept.append(line)
        print(line, end="" if line.endswith("\n") else "\n", file=out, flush=True)
    return kept


class _Lines(logging.Handler):
    """MkDocs' log records as its command line prints them."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.levelno >= logging.ERROR and not isinstance(record.exc_info[1], ContentError):
            text += "\n" + "".join(logging.Formatter().formatException(record.exc_info))
        first, *rest = text.split("\n")
        self.lines.append(f"{record.levelname:<8}-  {first}\n")
        self.lines += [line + "\n" for line in rest]


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(project: Project, site_dir: Path | None = None, config_file: Path | None = None,
        extra_env: dict[str, str] | None = None, quiet: bool = False, session=None) -> tuple[int, list[str]]:
    """Build the site (MkDocs, then the post-build pass); return the exit status and the lines
    that were shown (with `quiet`, kept for the caller to report, and not printed). With a
    `session`, the plugin uses it instead of reading the project again."""
    from scripts.core.errors import ContentErrors
    from scripts.core.session import Session

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import config as mkdocs_config
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    out = io.StringIO() if quiet else sys.stderr
    handler = _Lines()
    logger = logging.getLogger("mkdocs")
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the lines are ours to show
    status = 0
    with _environment({"NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}):
        if extra_env:  # settings such as SITE_URL change what the project reads from mkdocs.yml
            session = Session(Project(project.root))
        session = session or Session(project)
        try:
            config = mkdocs_config.load_config(str(config_file or project.root / "mkdocs.yml"), strict=True,
                                               **({"site_dir": str(site_dir)} if site_dir else {}))
            plugin = config.plugins.get(PLUGIN)
            if plugin is not None:
                plugin.session = session
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as err:
            status = 1
            if str(err) and not str(err).startswith("Aborted with"):
                handler.lines.append(f"{'ERROR':<8}-  {err}\n")
        finally:
            logger.removeHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]
        kept = filtered(handler.lines, out=out)
        if status != 0:
            return status, kept
        from scripts.publishing import postbuild

        try:
            postbuild.run(session, Path(site_dir or project.site_dir))
        except (ContentError, ContentErrors) as err:
            lines = [e.report() + "\n" for e in (err.errors if isinstance(err, ContentErrors) else [err])]
            kept += filtered(lines, out=out)
            return 1, kept
    return 0, kept


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make build", description=(
        "Strict build of every language into site/. Prints warnings and errors only."))
    parser.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/ from mkdocs.yml)")
    args = parser.parse_args(argv)
    project = Project.here()
    start = time.monotonic()
    status, _ = run(project, args.site_dir)
    if status == 0:
        where = project.rel(args.site_dir or project.site_dir)
        print(f"built {where}/ ({', '.join(project.codes)}) in {time.monotonic() - start:.1f} s", file=sys.stderr)
    return status


# ---------------------------------------------------------------------------
# The build's warnings, as editors' errors

_DOC_LINK_RE = re.compile(r"Doc file '(?P<doc>[^']+)' contains (?:an? )?(?P<what>[\w ]*?)link '(?P<link>[^']*)', "
                          r"(?P<rest>.*)$")
_NAV_RE = re.compile(r"The following pages exist in the docs directory, but are not included in the \"nav\"")
_LISTED_RE = re.compile(r"^\s+-\s+(?P<doc>\S+\.md)\s*$")
_OWN_RE = re.compile(r"^(?P<path>(?:docs|data)/[^\s:]+):(?:(?P<line>\d+):)? (?P<message>.*?)(?: \((?P<hint>[^()]*)\))?$")


def problems(lines: list[str], project: Project) -> list[ContentError]:
    """The strict build's warnings about links and the navigation, each at its page and line."""
    out: list[ContentError] = []
    in_nav_list = False
    for raw in lines:
        line = _LEVEL_RE.sub("", raw.rstrip("\n")).strip()
        if in_nav_list and (match := _LISTED_RE.match(raw.rstrip("\n"))):
            doc = project.rel(project.docs_dir / match.group("doc"))
            out.append(ContentError(doc, None, "the page is in no menu (nav: in mkdocs.yml)",
                                    "add it to nav: in mkdocs.yml, with the same path for every language"))
            continue
        in_nav_list = bool(_NAV_RE.search(line))
        if match := _DOC_LINK_RE.search(line):
            out.append(_link_problem(project, match))
        elif match := _OWN_RE.match(line):  # a content error raised by our hooks, already in our format
            out.append(ContentError(match.group("path"), int(match.group("line")) if match.group("line") else None,
                                    match.group("message"), match.group("hint")))
    return out


def _link_problem(project: Project, match: re.Match) -> ContentError:
    doc, link, rest, what = match.group("doc"), match.group("link"), match.group("rest"), match.group("what").strip()
    path = project.docs_dir / doc
    name = project.rel(path)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = next((n for n, t in enumerate(text.splitlines(), start=1) if f"]({link}" in t or f"({link})" in t), None)
    base = posixpath.dirname(doc)
    if target := re.search(r"the target '([^']+)' is not found", rest):
        docs = [p.relative_to(project.docs_dir).as_posix() for p in project.docs_dir.rglob("*.md")]
        close = difflib.get_close_matches(target.group(1), docs, n=1)
        hint = (f"did you mean '{posixpath.relpath(close[0], base or '.')}'?" if close
                else "link to a page that exists, by its .md file")
        return ContentError(name, line, f"link '{link}' goes to a page that does not exist", hint)
    if "no such anchor on this page" in rest:
        return ContentError(name, line, f"link '{link}' goes to an ID that is not on this page",
                            _anchor_hint(project, path, link.partition("#")[2]))
    if anchor := re.search(r"the doc '([^']+)' does not contain an anchor '#([^']*)'", rest):
        target = project.docs_dir / anchor.group(1)
        return ContentError(name, line, f"link '{link}' goes to an ID that is not on {project.rel(target)}",
                            _anchor_hint(project, target, anchor.group(2)))
    if what == "absolute":
        return ContentError(name, line, f"link '{link}' is an absolute link, which breaks when the site moves",
                            "link to the page's .md file, relative to this page, such as 'acerca.md'")
    return ContentError(name, line, f"link '{link}' is not a link to a page of the guide",
                        "link to the page's .md file, such as 'acerca.md' or 'problemas/correo-no-llega.md#revisar-spam'")


def _anchor_hint(project: Project, page_path: Path, wanted: str) -> str:
    from scripts.anchors.ids import scan
    from scripts.core.pages import page_at

    page = page_at(project, page_path)
    ids = list(scan(page, None, project.rel(page_path)).ids) if page and page_path.is_file() else []
    close = difflib.get_close_matches(wanted, ids, n=1)
    return f"did you mean '#{close[0]}'?" if close else "use an explicit ID of that page: the {#id} after a heading"
