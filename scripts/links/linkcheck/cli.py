"""`make linkcheck` / `python -m scripts linkcheck`: check the external links of the built site."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scripts.core import build
from scripts.core import facts as catalog
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.site import BuiltSite, normalize, source_of
from scripts.core.project import Project
from . import config
from .cache import Cache
from .checker import Checker
from .output import Place, Progress, json_report, markdown_report, summary_line, terminal_lines

DEFAULT_CACHE = ".cache/linkcheck.json"
DEFAULT_JSON = "reports/linkcheck.json"
DEFAULT_MARKDOWN = "reports/linkcheck.md"

EPILOG = """\
exit status:
  0  every link works (links to update and unverified links are listed, but pass)
  1  a link is broken, or breaks the official-domain rules
  2  usage error, invalid settings file, no site to check, or no network (no host reachable)

Option defaults come from the settings file when it sets the key named in brackets,
else from the built-in value shown. The settings file documents every key at its top.
"""


def _duration(text: str) -> float:
    try:
        return config.parse_duration(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def parser() -> argparse.ArgumentParser:
    defaults = config.Settings()
    p = argparse.ArgumentParser(
        prog="python -m scripts linkcheck",
        description=("Check every link of the built site that leaves it (http, https, mailto, tel):\n"
                     "each unique URL once, politely, with a cache. `make linkcheck` runs it\n"
                     "(options: make linkcheck LINKCHECK_ARGS='--no-cache'). Internal links are\n"
                     "checked offline by `make check`."),
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)

    def d(key: str, shown=None) -> str:
        value = getattr(defaults, key) if shown is None else shown
        return f"(default: {value:g}; [{key}])" if isinstance(value, float) else f"(default: {value}; [{key}])"

    site = p.add_argument_group("what to check")
    site.add_argument("--site-dir", type=Path, metavar="DIR",
                      help="the built site to read (default: site/, from mkdocs.yml)")
    site.add_argument("--no-build", action="store_true",
                      help="read DIR as it is, without building the site into it first (default: build first)")
    site.add_argument("--url", action="append", default=[], metavar="URL",
                      help="check this URL instead of the site's links; repeat for more (default: none)")
    site.add_argument("--config", type=Path, metavar="FILE",
                      help=f"settings file (default: {config.DEFAULT_FILE}; the built-in values if it is missing)")
    site.add_argument("--exclude", action="append", default=[], metavar="REGEX",
                      help="skip URLs that match this regular expression; repeatable, added to the file's list "
                           "(default: none; [exclude])")

    req = p.add_argument_group("requests")
    req.add_argument("--timeout", type=float, metavar="SECONDS",
                     help=f"time for one request, connecting to reading {d('timeout')}")
    req.add_argument("--retries", type=int, metavar="N",
                     help=f"extra tries after a timeout, a dropped connection, a 5xx or a 429 {d('retries')}")
    req.add_argument("--backoff", type=float, metavar="SECONDS",
                     help=f"wait before the first retry, doubled for each next one {d('backoff')}")
    req.add_argument("--retry-after-max", type=float, metavar="SECONDS",
                     help=f"longest Retry-After wait obeyed {d('retry_after_max')}")
    req.add_argument("--max-redirects", type=int, metavar="N",
                     help=f"redirects followed before a link counts as broken {d('max_redirects')}")
    req.add_argument("--concurrency", type=int, metavar="N",
                     help=f"requests in flight, all hosts together {d('concurrency')}")
    req.add_argument("--host-concurrency", type=int, metavar="N",
                     help=f"requests in flight to one host {d('host_concurrency')}")
    req.add_argument("--host-interval", type=float, metavar="SECONDS",
                     help=f"time between the starts of two requests to one host {d('host_interval')}")
    req.add_argument("--deadline", type=float, metavar="SECONDS",
                     help=f"time for the whole run; links not checked by then are 'unverified' {d('deadline')}")

    cache = p.add_argument_group("cache")
    cache.add_argument("--cache", type=Path, metavar="FILE",
                       help=f"cache file, plain JSON (default: {DEFAULT_CACHE})")
    cache.add_argument("--max-age", type=_duration, metavar="AGE",
                       help="how long a working link is not asked again: seconds, or 30m, 12h, 1d "
                            f"{d('cache_max_age', config.format_duration(defaults.cache_max_age))}")
    cache.add_argument("--no-cache", action="store_true",
                       help="neither read nor write the cache (default: use it)")

    out = p.add_argument_group("output")
    out.add_argument("--json", type=Path, metavar="FILE",
                     help=f"JSON report of every URL (default: {DEFAULT_JSON})")
    out.add_argument("--markdown", type=Path, metavar="FILE",
                     help=f"Markdown report for an issue or a pull request comment (default: {DEFAULT_MARKDOWN})")
    out.add_argument("--no-report", action="store_true", help="write neither report (default: write both)")
    out.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                     help="progress bar on standard error; 'auto' shows it on a terminal, never when "
                          "the CI variable is set (default: auto)")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    project = Project.here()
    start = time.monotonic()
    err = sys.stderr
    try:
        settings = config.load(args.config or project.root / config.DEFAULT_FILE, project.root,
                               required=args.config is not None)
        settings = config.override(
            settings, timeout=args.timeout, retries=args.retries, backoff=args.backoff,
            retry_after_max=args.retry_after_max, max_redirects=args.max_redirects,
            concurrency=args.concurrency, host_concurrency=args.host_concurrency,
            host_interval=args.host_interval, deadline=args.deadline, cache_max_age=args.max_age,
            exclude=settings.exclude + args.exclude if args.exclude else None)
        is_official = catalog.load(project).site.is_official
    except (ContentError, ContentErrors) as problem:
        for line in getattr(problem, "errors", [problem]):
            print(line.report(), file=err)
        return 2

    site_dir = (args.site_dir or project.site_dir).resolve()
    site = BuiltSite(site_dir, project.site_url)
    if args.url:
        found = {normalize(url): [] for url in args.url}
    else:
        if not args.no_build:
            status, _ = build.run(project, site_dir=site_dir)
            if status != 0:
                print(f"{project.rel(site_dir)}: the site did not build, so its links cannot be checked "
                      "(fix the messages above)", file=err)
                return 2
        elif not (site_dir / "index.html").is_file():
            print(f"{project.rel(site_dir)}: no built site here (build it with `make build`, "
                  "or leave out --no-build)", file=err)
            return 2
        found = site.external_links()

    cache = None
    if not args.no_cache:
        cache = Cache(args.cache or project.root / DEFAULT_CACHE, settings.cache_max_age)
        if cache.problem:
            print(f"warning: {cache.problem}", file=err)
    progress = Progress(len(found), args.progress, err)
    checker = Checker(settings, is_official=is_official, cache=cache, on_result=progress.update)
    try:
        results = checker.run(found)
    finally:
        progress.close()
    seconds = time.monotonic() - start

    sources: dict[Path, str | None] = {}

    def source(page: Path) -> str | None:
        if page not in sources:
            sources[page] = source_of(project, site, page)
        return sources[page]

    # Places in a page from docs/ first: that is where an editor fixes a link.
    places = {url: sorted((Place.of(link, project.rel, source) for link in links), key=lambda p: p.source is None)
              for url, links in found.items()}
    for line in terminal_lines(results, places):
        print(line, file=err)
    asked = [r for r in results.values() if not r.cached and r.url.startswith(("http:", "https:"))
             and r.status != "excluded"]
    if len(asked) > 1 and all(r.unreachable for r in asked):
        print(f"linkcheck: none of the {len(asked)} URLs could be reached, so this machine seems to be "
              "offline; nothing was checked and no report was written", file=err)
        return 2
    if not args.no_report:
        json_path = args.json or project.root / DEFAULT_JSON
        md_path = args.markdown or project.root / DEFAULT_MARKDOWN
        site_name = project.rel(site_dir) if not args.url else "the command line"
        for path, text in (
                (json_path, json_report(results, places, seconds=seconds, requests=checker.requests, site=site_name)),
                (md_path, markdown_report(results, places, seconds=seconds, site=site_name))):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            except OSError as problem:
                print(f"{path}: cannot write the report ({problem.strerror or problem})", file=err)
                return 2
    print(summary_line(results, places, seconds, checker.requests), file=err)
    if not args.no_report:
        print(f"reports: {project.rel(md_path)}, {project.rel(json_path)}", file=err)
    return 1 if any(result.failed for result in results.values()) else 0
