"""`make build`: a strict MkDocs build that prints only what needs attention.

`mkdocs build -q` is not used: with mkdocs 1.6.1 it hides warnings from strict mode's
count, so a broken link would exit 0. We run the normal build and drop INFO lines.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import posixpath
import re
import subprocess
import sys
import time
from pathlib import Path

from scripts.core.errors import ContentError
from scripts.core.project import Project

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


def run(project: Project, site_dir: Path | None = None, config_file: Path | None = None,
        extra_env: dict[str, str] | None = None, quiet: bool = False) -> tuple[int, list[str]]:
    """Build the site; return the exit status and the lines that were shown (with `quiet`,
    kept for the caller to report, and not printed)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(config_file or project.root / "mkdocs.yml")]
    if site_dir:
        command += ["--site-dir", str(site_dir)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", **(extra_env or {}))
    with subprocess.Popen(command, cwd=project.root, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, encoding="utf-8") as proc:
        kept = filtered(proc.stdout, out=io.StringIO() if quiet else sys.stderr)
    return proc.returncode, kept


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
