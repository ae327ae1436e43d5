"""`make build`: a strict MkDocs build that prints only what needs attention.

`mkdocs build -q` is not used: with mkdocs 1.6.1 it hides warnings from strict mode's
count, so a broken link would exit 0. We run the normal build and drop INFO lines.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from .project import Project

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
        extra_env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Build the site; return the exit status and the lines that were shown."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(config_file or project.root / "mkdocs.yml")]
    if site_dir:
        command += ["--site-dir", str(site_dir)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", **(extra_env or {}))
    with subprocess.Popen(command, cwd=project.root, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, encoding="utf-8") as proc:
        kept = filtered(proc.stdout)
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
