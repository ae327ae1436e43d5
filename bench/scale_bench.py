"""Benchmark (measured and reported, never asserted): how the build and the checks scale
with the number of pages, against a plain MkDocs build of the same pages.

Run it from the project folder with the project's Python:

    .venv/bin/python bench/scale_bench.py --pages 13,100,400 [--repeat 3] [--keep DIR]
                                          [--report reports/scale.md] [--profile]

`--pages 13,100,400:1` gives the size 400 one round only (the others get --repeat rounds).
A run of 13,100 (3 rounds) and 400:1 with --profile takes about 35 minutes on 2 cores.

For each size N (pages per language) it:

1. copies the build inputs (mkdocs.yml, docs/, data/, overrides/, scripts/, deploy/) into a
   temporary folder;
2. grows the copy to N pages per language with copies of the guides (`guide: true` pages)
   under docs/<lang>/copias/guia-0001.md, …: every explicit ID of a copy gets the suffix
   -0001 in both languages (links to it inside the page follow), except the sections every
   guide must have (data/site.yml `guides.sections`) and the step anchors, which come from
   data/ (repeating them on other pages is fine); relative links get a `../` prefix. The
   copies go into `nav:` (a section "Copias", "Copies" in English);
3. makes it a git repository, commits, records the translations
   (`python -m scripts translated --all`), publishes the new IDs
   (`python -m scripts lock-anchors`) and commits again;
4. runs `python -m scripts check` once (warm-up, and it must report 0 errors; its warnings
   go to the report; see 7), then times, alternating, `--repeat` rounds of
      plain build   `mkdocs build` with mkdocs.plain.yml: mkdocs.yml without hooks, the
                    project's templates (theme.custom_dir, which needs the hooks) and any
                    plugin other than search and i18n (so no redirects); strict: false
      our build     `python -m scripts build`   (make build)
      our check     `python -m scripts check`   (make check; it builds too)
   and reports the medians;
5. preview after one edit: starts `python -m scripts serve --port P` (or `mkdocs serve` if
   the verb is gone), waits until it serves, then `--repeat` times appends a unique word to
   one Spanish page and polls the page every 50 ms until it shows the word; the same with a
   plain `mkdocs serve` of mkdocs.plain.yml;
6. agents' page: gzip size (level 6, as tests/siteserver.py serves it) of
   site/agentes/index.html, site/en/agentes/index.html and every answers.json;
7. parses per check: the warm-up check of step 4 runs under a wrapper that counts
   html.parser.HTMLParser.feed calls and matches the fed text to the built HTML files, so it
   needs no module of scripts/ (it also counts scripts.htmlpage.parse calls when that
   module exists, and names the function of scripts/ that asked). If counting fails:
   "parse count: n/a", and the warm-up runs without the wrapper;
8. with --profile, at the largest size: cProfile of `python -m scripts check` (the build
   runs in a child process, so it shows as a wait) and of `mkdocs build` with mkdocs.yml
   (our hooks), the top 15 functions by cumulative time of each.

Everything is driven through the command line (`python -m scripts <verb>`), mkdocs.yml and
docs/, so it keeps working when scripts/ is restructured. Standard library plus PyYAML
(an MkDocs dependency). No network: the servers listen on 127.0.0.1. Temporary folders and
servers are removed on exit, Ctrl+C included; --keep DIR keeps the grown copies there.
"""

from __future__ import annotations

import argparse
import cProfile  # noqa: F401  (used by the child processes; fail early if missing)
import datetime as dt
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# What a build needs (tests/conftest.py BUILD_INPUTS); missing ones are skipped.
BUILD_INPUTS = ("mkdocs.yml", "pyproject.toml", "docs", "overrides", "data", "scripts", "deploy")
COPY_DIR = "copias"
NAV_SECTION = {"es": "Copias", "en": "Copies"}
PLAIN_CONFIG = "mkdocs.plain.yml"
PLAIN_SITE = "site-plain"
PLAIN_PLUGINS = ("search", "i18n")
POLL = 0.05  # seconds between requests while waiting for an edit to show
GZIP_LEVEL = 6
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false",
       "-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main"]

_children: list[subprocess.Popen] = []  # servers still running, stopped on exit


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# mkdocs.yml, keeping its custom tags (!ENV …) when it is written back


class Tagged:
    def __init__(self, tag: str, value):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    tag = node.tag
    if isinstance(node, yaml.MappingNode):
        return Tagged(tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    return Tagged(tag, loader.construct_scalar(node))


def _represent_tagged(dumper, data: Tagged):
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe loader subclass)


def write_config(path: Path, config: dict) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def i18n_languages(config: dict) -> tuple[str, list[str]]:
    """(default language, every language) from the i18n plugin; ('es', ['es', 'en']) without it."""
    for entry in config.get("plugins") or []:
        if plugin_name(entry) == "i18n" and isinstance(entry, dict):
            languages = (entry["i18n"] or {}).get("languages") or []
            codes = [item["locale"] for item in languages]
            default = next((item["locale"] for item in languages if item.get("default")), codes[0])
            return default, codes
    return "es", ["es", "en"]


def plain_config(config: dict) -> dict:
    """MkDocs + Material + search + i18n only: no hooks, no project templates, no other plugin."""
    out = {key: value for key, value in config.items() if key not in ("hooks", "watch")}
    theme = dict(out.get("theme") or {})
    theme.pop("custom_dir", None)  # the project's templates read variables the hooks set
    out["theme"] = theme
    out["plugins"] = [entry for entry in config.get("plugins") or [] if plugin_name(entry) in PLAIN_PLUGINS]
    out["strict"] = False
    out["site_dir"] = PLAIN_SITE
    return out


# ---------------------------------------------------------------------------
# Growing the copy


FENCE_RE = re.compile(r"^\s*(```|~~~)")
STEPS_OPEN_RE = re.compile(r"<!--\s*steps:")
STEPS_CLOSE_RE = re.compile(r"<!--\s*/steps\s*-->")
ATX_RE = re.compile(r"^\s*#{1,6}\s")
ATTR_LIST_RE = re.compile(r"\{:?[^{}\n]*\}")
ID_TOKEN_RE = re.compile(r"(?<![\w&])#([a-z0-9][a-z0-9-]*)")
LINK_RE = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
HTML_HREF_RE = re.compile(r"""(\shref=["'])([^"']+)""")


def front_matter(text: str) -> tuple[str, str]:
    """(front matter with its --- lines, body)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[:end + 5], text[end + 5:]
    return "", text


def _regions(lines: list[str]) -> list[str]:
    """For each line: 'code', 'steps' or 'text'."""
    kinds, fence, steps = [], None, False
    for line in lines:
        match = FENCE_RE.match(line)
        if fence:
            kinds.append("code")
            if match and match.group(1) == fence:
                fence = None
            continue
        if match and not steps:
            fence = match.group(1)
            kinds.append("code")
            continue
        if STEPS_OPEN_RE.search(line):
            steps = True
        kinds.append("steps" if steps else "text")
        if STEPS_CLOSE_RE.search(line):
            steps = False
    return kinds


def page_ids(body: str) -> list[str]:
    """Explicit IDs set by attribute lists ({#id}, {: #id}) outside code and step regions."""
    lines = body.split("\n")
    out = []
    for line, kind in zip(lines, _regions(lines)):
        if kind != "text":
            continue
        for attrs in ATTR_LIST_RE.finditer(line):
            out += ID_TOKEN_RE.findall(attrs.group(0))
    return out


def copy_page(text: str, mapping: dict[str, str], prefix: str) -> str:
    """A guide moved `prefix` folders down ('../'), with its IDs renamed by `mapping`."""
    head, body = front_matter(text)
    lines = body.split("\n")

    def link(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith("#"):
            return match.group(1) + "#" + mapping.get(url[1:], url[1:])
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith(("/", "//")):
            return match.group(0)
        return match.group(1) + prefix + url

    def attrs(match: re.Match) -> str:
        return ID_TOKEN_RE.sub(lambda m: "#" + mapping.get(m.group(1), m.group(1)), match.group(0))

    out = []
    for line, kind in zip(lines, _regions(lines)):
        if kind == "text":
            line = ATTR_LIST_RE.sub(attrs, line)
            line = LINK_RE.sub(link, line)
            line = HTML_HREF_RE.sub(link, line)
        out.append(line)
    return head + "\n".join(out)


def is_guide(text: str) -> bool:
    head, _ = front_matter(text)
    return bool(re.search(r"^guide:\s*true\s*$", head, re.M))


def grow(copy: Path, pages: int) -> dict:
    """Add copies of the guides until each language has `pages` pages. Returns what it did."""
    config = read_config(copy / "mkdocs.yml")
    default, codes = i18n_languages(config)
    docs = copy / config.get("docs_dir", "docs")
    base = sorted(p.relative_to(docs / default).as_posix() for p in (docs / default).rglob("*.md"))
    guides = [rel for rel in base if is_guide((docs / default / rel).read_text(encoding="utf-8"))
              and all((docs / code / rel).is_file() for code in codes)]
    extra = pages - len(base)
    info = {"base": len(base), "copies": max(extra, 0), "guides": guides}
    if extra < 0:
        log(f"  {pages} pages asked, the project has {len(base)} per language: measuring it as it is")
    if extra <= 0:
        return info
    if not guides:
        raise SystemExit("no guide (guide: true) to copy in " + str(docs / default))
    keep = set()
    try:
        site = yaml.safe_load((copy / "data" / "site.yml").read_text(encoding="utf-8")) or {}
        keep = set((site.get("guides") or {}).get("sections") or [])
    except (OSError, yaml.YAMLError, AttributeError):
        pass
    info["kept_ids"] = sorted(keep)
    nav = []
    for number in range(1, extra + 1):
        original = guides[(number - 1) % len(guides)]
        rel = f"{COPY_DIR}/guia-{number:04d}.md"
        source_text = (docs / default / original).read_text(encoding="utf-8")
        mapping = {i: f"{i}-{number:04d}" for i in page_ids(front_matter(source_text)[1]) if i not in keep}
        for code in codes:
            text = (docs / code / original).read_text(encoding="utf-8")
            target = docs / code / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            copied = copy_page(text, mapping, "../" * rel.count("/"))
            # A page's own search words (front matter `search:`) are keyed by its IDs: follow them.
            head, sep, body = copied.partition("\n---\n")
            for old_id, new_id in mapping.items():
                head = re.sub(rf"(?m)^(\s+){re.escape(old_id)}:", rf"\g<1>{new_id}:", head)
            target.write_text(head + sep + body, encoding="utf-8")
        nav.append(rel)
    add_replies(copy, nav, guides)
    config.setdefault("nav", []).append({NAV_SECTION.get(default, "Copias"): nav})
    for entry in config.get("plugins") or []:
        if plugin_name(entry) == "i18n" and isinstance(entry, dict):
            for language in (entry["i18n"] or {}).get("languages") or []:
                if language["locale"] != default:
                    translations = language.setdefault("nav_translations", {}) or {}
                    translations[NAV_SECTION.get(default, "Copias")] = NAV_SECTION.get(language["locale"], "Copies")
                    language["nav_translations"] = translations
    write_config(copy / "mkdocs.yml", config)
    return info


def add_replies(copy: Path, copies: list[str], guides: list[str]) -> None:
    """Each copy gets its original's reply for agents (data/answers.yml, when the project has
    replies): a page without one is an error in `scripts check`."""
    path = copy / "data" / "answers.yml"
    if not path.is_file():
        return
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("answers") or []
    replies = {e["id"]: e["reply"] for e in entries if isinstance(e, dict) and e.get("reply")}
    lines = []
    for number, rel in enumerate(copies):
        reply = replies.get(guides[number % len(guides)][:-3])
        if reply:
            lines.append(f"  - id: {rel[:-3]}\n    reply:\n" +
                         "".join(f"      {code}: {json.dumps(text, ensure_ascii=False)}\n" for code, text in reply.items()))
    if lines:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n" + "".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------
# Running things


def child_env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1")
    for name in ("SITE_URL", "GUIDE_STRICT", "GUIDE_PREVIEW", "BUILD_ONLY_LOCALE"):
        env.pop(name, None)
    return env


def run(command: list[str], cwd: Path, check: bool = True, timeout: float | None = None
        ) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=child_env(), capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    elapsed = time.perf_counter() - start
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode} in {cwd}:\n"
                           f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed, done


def git(copy: Path, *args: str) -> None:
    run(GIT + list(args), copy)


def has_verb(python: str, copy: Path, verb: str) -> bool:
    _, done = run([python, "-m", "scripts", "--help"], copy, check=False)
    return re.search(rf"^\s+{re.escape(verb)}\s", done.stdout + done.stderr, re.M) is not None


SUMMARY_RE = re.compile(r"(\d+) error\(s\), (\d+) warning\(s\)")
PROBLEM_RE = re.compile(r"^(?P<path>(?:docs|data|site|mkdocs|deploy|overrides)[^\s:]*):(?:\d+:)? (?P<message>.+)$")


def problems_of(output: str) -> dict:
    """The errors and warnings a `scripts check` printed, with the summary's counts."""
    match = SUMMARY_RE.search(output)
    lines = [line for line in output.splitlines() if PROBLEM_RE.match(line)]
    return {"errors": int(match.group(1)) if match else None,
            "warnings": int(match.group(2)) if match else None,
            "lines": lines}


def summarise_problems(lines: list[str], limit: int = 12) -> list[str]:
    """Problem lines grouped by message (numbers and copy suffixes folded), most frequent first."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        message = PROBLEM_RE.match(line).group("message")
        key = re.sub(r"\d+", "N", message)
        groups.setdefault(key, []).append(line)
    ordered = sorted(groups.values(), key=len, reverse=True)
    return [f"{len(group)} x {group[0]}" for group in ordered[:limit]]


def prepare(size: int, workdir: Path, python: str) -> tuple[Path, dict]:
    copy = workdir / f"pages-{size}"
    copy.mkdir(parents=True)
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, copy / name)
    info = grow(copy, size)
    write_config(copy / PLAIN_CONFIG, plain_config(read_config(copy / "mkdocs.yml")))
    (copy / ".gitignore").write_text(f"site/\n{PLAIN_SITE}/\n__pycache__/\n*.pyc\n.cache/\n", encoding="utf-8")
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", f"bench copy: {size} pages per language")
    _, done = run([python, "-m", "scripts", "translated", "--all"], copy)
    _, done = run([python, "-m", "scripts", "lock-anchors"], copy)
    info["lock"] = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "record translations, publish anchors")
    return copy, info


# ---------------------------------------------------------------------------
# The preview


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:  # noqa: S310 (127.0.0.1 only)
            return reply.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def stop(proc: subprocess.Popen) -> None:
    """Stop a server we started, and its children (its own process group)."""
    if proc.poll() is None:
        for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
    if proc in _children:
        _children.remove(proc)


BUILT_RE = re.compile(r"Documentation built in ([\d.]+) seconds")


def preview(command: list[str], copy: Path, page: str, url_path: str, edits: int, port: int,
            start_timeout: float) -> dict:
    """Start a server, then `edits` times append a word to `page` and time until it is served."""
    out: list[tuple[float, str]] = []
    proc = subprocess.Popen(command, cwd=copy, env=child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                            start_new_session=True)
    _children.append(proc)

    def reader():
        for line in proc.stdout:
            out.append((time.perf_counter(), line.rstrip()))

    threading.Thread(target=reader, daemon=True).start()
    url = f"http://127.0.0.1:{port}/{url_path}"
    path = copy / page
    original = path.read_bytes()
    result = {"times": [], "rebuilds": []}
    try:
        start = time.perf_counter()
        while True:
            if proc.poll() is not None:
                raise RuntimeError("the server stopped:\n" + "\n".join(line for _, line in out[-20:]))
            if time.perf_counter() - start > start_timeout:
                raise RuntimeError(f"the server did not serve {url} within {start_timeout:.0f} s")
            if fetch(url) is not None and any("Serving on" in line for _, line in out):
                break
            time.sleep(0.2)
        result["startup"] = time.perf_counter() - start
        time.sleep(1.0)
        for number in range(edits):
            word = f"benchpalabra{os.getpid()}x{number}x{int(time.time() * 1000) % 100000}"
            built_before = sum(1 for _, line in out if BUILT_RE.search(line))
            begin = time.perf_counter()
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\n\n{word}\n")
            while True:
                body = fetch(url)
                if body is not None and word in body:
                    break
                if proc.poll() is not None:
                    raise RuntimeError("the server stopped:\n" + "\n".join(line for _, line in out[-20:]))
                if time.perf_counter() - begin > start_timeout:
                    raise RuntimeError(f"the edit did not show within {start_timeout:.0f} s")
                time.sleep(POLL)
            result["times"].append(time.perf_counter() - begin)
            # Let the rebuild finish (the page may be written before the rest of the site).
            settle = time.perf_counter()
            limit = max(20.0, 4 * result["times"][-1])
            while (sum(1 for _, line in out if BUILT_RE.search(line)) <= built_before
                   and time.perf_counter() - settle < limit and proc.poll() is None):
                time.sleep(0.1)
            found = [float(m.group(1)) for _, line in out if (m := BUILT_RE.search(line))]
            if len(found) > built_before:
                result["rebuilds"].append(found[-1])
            else:
                result["unsettled"] = result.get("unsettled", 0) + 1  # no "Documentation built" line seen
            time.sleep(1.0)
    finally:
        stop(proc)
        path.write_bytes(original)
    return result


# ---------------------------------------------------------------------------
# Counting parses, profiling


COUNTER = r"""
import collections, hashlib, json, os, runpy, sys
from pathlib import Path
out_file = sys.argv[1]
fed = collections.Counter(); by_parse = collections.Counter(); state = {"feed": False, "parse": False}
callers = collections.Counter()
_ours = os.path.join(os.getcwd(), "scripts") + os.sep
_frame_of = sys._getframe

def _caller():
    # The outermost function of scripts/ on the stack below the command itself (main, run).
    frame, found = _frame_of(2), None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_ours) and frame.f_code.co_name not in ("main", "run", "_run", "<module>"):
            found = name[len(_ours):] + ":" + frame.f_code.co_name
        frame = frame.f_back
    return found or "?"
try:
    import html.parser as _hp
    _feed = _hp.HTMLParser.feed
    def feed(self, data, _feed=_feed):
        if isinstance(data, str) and data:
            digest = hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()
            fed[digest] += 1
            callers[(digest, _caller())] += 1
        return _feed(self, data)
    _hp.HTMLParser.feed = feed
    state["feed"] = True
except Exception as err:
    state["feed_error"] = repr(err)
try:
    try:
        import scripts.core.html as _page
    except ImportError:
        import scripts.htmlpage as _page
    _parse = _page.parse
    def parse(path, *args, _parse=_parse, **kwargs):
        by_parse[str(Path(path).resolve())] += 1
        return _parse(path, *args, **kwargs)
    _page.parse = parse
    state["parse"] = True
except Exception as err:
    state["parse_error"] = repr(err)
sys.argv = ["scripts", "check"]
code = 0
try:
    runpy.run_module("scripts", run_name="__main__", alter_sys=True)
except SystemExit as exit_:
    code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
finally:
    with open(out_file, "w", encoding="utf-8") as handle:
        json.dump({"state": state, "fed": dict(fed), "by_parse": dict(by_parse), "code": code,
                   "callers": [[d, c, n] for (d, c), n in callers.items()]}, handle)
sys.exit(code)
"""


def counted_check(python: str, copy: Path, workdir: Path) -> tuple[subprocess.CompletedProcess, dict | None]:
    """`scripts check` under the parse counter: its output, and per built HTML page how many
    times it was parsed (None if that cannot be told; then the check ran without the counter)."""
    out_file = workdir / f"parses-{copy.name}.json"
    try:
        _, done = run([python, "-c", COUNTER, str(out_file)], copy, check=False)
        data = json.loads(out_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, subprocess.SubprocessError) as err:
        log(f"  parse count: n/a ({err})")
        return run([python, "-m", "scripts", "check"], copy, check=False)[1], None
    if not data["state"].get("feed") and not data["state"].get("parse"):
        log(f"  parse count: n/a ({data['state']})")
        return done, None
    counted = parses_per_page(data, copy)
    if not counted["feeds_on_pages"] and counted.get("htmlpage_parse", {}).get("total"):
        # The project reads pages with its own scanner (scripts/core/html.py), not html.parser.
        pages = [str(p.resolve()) for p in sorted((copy / "site").rglob("*.html"))]
        counts = [data["by_parse"].get(path, 0) for path in pages]
        histogram: dict[int, int] = {}
        for value in counts:
            histogram[value] = histogram.get(value, 0) + 1
        counted.update(min=min(counts), median=statistics.median(counts), max=max(counts),
                       histogram=dict(sorted(histogram.items())), feeds_on_pages=sum(counts))
    if not counted["feeds_on_pages"]:
        log("  parse count: n/a (no built page went through html.parser)")
        return done, None
    return done, counted


def parses_per_page(data: dict, copy: Path) -> dict:
    import hashlib

    site = copy / "site"
    pages, digests = {}, {}
    for html_file in sorted(site.rglob("*.html")):
        digest = hashlib.sha1(html_file.read_text(encoding="utf-8").encode("utf-8", "surrogatepass")).hexdigest()
        digests[digest] = html_file
        pages[str(html_file.resolve())] = data["fed"].get(digest, 0)
    matched = sum(pages.values())
    counts = list(pages.values())
    histogram: dict[int, int] = {}
    for value in counts:
        histogram[value] = histogram.get(value, 0) + 1
    result = {
        "pages": len(pages), "feeds_total": sum(data["fed"].values()), "feeds_on_pages": matched,
        "min": min(counts) if counts else 0, "median": statistics.median(counts) if counts else 0,
        "max": max(counts) if counts else 0, "histogram": dict(sorted(histogram.items())),
        "exit": data["code"],
    }
    if data["state"].get("parse"):
        parse_counts = [data["by_parse"].get(path, 0) for path in pages]
        result["htmlpage_parse"] = {"median": statistics.median(parse_counts) if parse_counts else 0,
                                    "max": max(parse_counts) if parse_counts else 0,
                                    "total": sum(data["by_parse"].values())}
    on_pages = {digest for digest in data["fed"]} & set(digests)
    by_caller: dict[str, int] = {}
    for digest, caller, number in data.get("callers", []):
        if digest in on_pages:
            by_caller[caller] = by_caller.get(caller, 0) + number
    result["by_caller"] = {caller: round(number / max(len(pages), 1), 2)
                           for caller, number in sorted(by_caller.items(), key=lambda item: -item[1])}
    fewest = sorted(pages.items(), key=lambda item: item[1])[:4]
    result["fewest"] = [(str(Path(p).relative_to(site.resolve())), n) for p, n in fewest]
    return result


WRAPPER_RE = re.compile(r"runpy|(?:^|/)click/|__main__\.py|<string>|\{built-in method builtins\.exec\}|^~$")


def top_functions(stats_file: Path, copy: Path, top: int) -> str:
    """The `top` functions by cumulative time, without the command-line wrappers (runpy, click, main)."""
    import pstats

    stats = pstats.Stats(str(stats_file))
    rows = []
    for (file, line, function), (_, calls, own, total, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = file.replace(str(copy) + os.sep, "").replace(str(copy.resolve()) + os.sep, "")
        where = re.sub(r"^.*?site-packages/", "", where)
        where = re.sub(r"^.*?/lib/python3\.\d+/", "", where)
        name = f"{where}:{line}({function})" if line else f"{where}({function})"
        if WRAPPER_RE.search(where) or WRAPPER_RE.search(function):
            continue
        rows.append((total, own, calls, name))
    rows.sort(reverse=True)
    ours = [row for row in rows if row[3].startswith("scripts/")]
    head = f"{'cumtime':>8} {'tottime':>8} {'ncalls':>8}  function"
    lines = [head] + [f"{total:8.2f} {own:8.2f} {calls:8d}  {name}" for total, own, calls, name in rows[:top]]
    lines += ["", f"scripts/ only (top {top}):", head]
    lines += [f"{total:8.2f} {own:8.2f} {calls:8d}  {name}" for total, own, calls, name in ours[:top]]
    return "\n".join(lines)


def profile(python: str, copy: Path, workdir: Path, top: int = 15) -> str:
    text = []
    for label, command in (
            ("python -m scripts check (the build inside it is a child process)",
             [python, "-m", "cProfile", "-o", "{out}", "-m", "scripts", "check"]),
            ("mkdocs build with mkdocs.yml (our hooks)",
             [python, "-m", "cProfile", "-o", "{out}", "-m", "mkdocs", "build", "-q", "-d",
              str(workdir / "profile-site")])):
        out = workdir / f"profile-{len(text)}.prof"
        elapsed, _ = run([part.replace("{out}", str(out)) for part in command], copy, check=False)
        try:
            body = top_functions(out, copy, top)
        except (OSError, TypeError, ValueError) as err:
            body = f"no profile: {err}"
        text.append(f"### cProfile: {label}, {elapsed:.1f} s under the profiler; top {top} by cumulative "
                    f"time\n\n```\n{body}\n```\n")
    return "\n".join(text)


# ---------------------------------------------------------------------------
# One size


def gz(path: Path) -> int | None:
    if not path.is_file():
        return None
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def measure(size: int, repeat: int, args, workdir: Path) -> dict:
    python = args.python
    log(f"{size} pages per language: preparing the copy")
    copy, info = prepare(size, workdir, python)
    config = read_config(copy / "mkdocs.yml")
    default, codes = i18n_languages(config)
    result = {"size": size, "repeat": repeat, "grow": info, "runs": {"plain": [], "build": [], "check": []}}
    log(f"  {info['base']} pages + {info['copies']} copies of {len(info['guides'])} guides; "
        "warm-up check (counting the parses of each built page)")
    done, result["parses"] = counted_check(python, copy, workdir)
    found = problems_of(done.stdout + "\n" + done.stderr)
    result["check_problems"] = found
    log(f"  check: {found['errors']} error(s), {found['warnings']} warning(s)")
    if done.returncode != 0 or found["errors"]:
        print("\n".join(found["lines"][:40]) or (done.stdout + done.stderr)[-4000:], file=sys.stderr)
        if not args.allow_errors:
            raise RuntimeError(f"the grown copy ({size} pages) does not pass `scripts check`; "
                               "see above (--allow-errors times it anyway)")
    plain = [python, "-m", "mkdocs", "build", "--config-file", PLAIN_CONFIG]
    run(plain, copy)  # warm-up
    for round_ in range(repeat):
        for name, command in (("plain", plain), ("build", [python, "-m", "scripts", "build"]),
                              ("check", [python, "-m", "scripts", "check"])):
            elapsed, done = run(command, copy, check=name != "check" or not args.allow_errors)
            result["runs"][name].append(elapsed)
        log(f"  round {round_ + 1}/{repeat}: plain {result['runs']['plain'][-1]:.1f} s, "
            f"build {result['runs']['build'][-1]:.1f} s, check {result['runs']['check'][-1]:.1f} s")
    site = copy / "site"
    result["gzip"] = {
        "agentes_es": gz(site / "agentes" / "index.html"),
        **{f"agentes_{code}": gz(site / code / "agentes" / "index.html") for code in codes if code != default},
        "answers_json": sum(gz(p) or 0 for p in site.rglob("answers.json")),
        "answers_json_files": len(list(site.rglob("answers.json"))),
    }
    result["html_files"] = len(list(site.rglob("*.html")))
    if not args.no_preview:
        page = f"docs/{default}/{args.edit_page}"
        url_path = args.edit_page[:-3] + "/" if not args.edit_page.endswith("index.md") else ""
        ours = has_verb(python, copy, "serve")
        for name in ("ours", "plain"):
            port = free_port()
            if name == "ours":
                command = ([python, "-m", "scripts", "serve", "--port", str(port)] if ours else
                           [python, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"])
            else:
                command = [python, "-m", "mkdocs", "serve", "--config-file", PLAIN_CONFIG,
                           "--dev-addr", f"127.0.0.1:{port}"]
            log(f"  preview ({name}): {' '.join(command[1:])}")
            try:
                result[f"preview_{name}"] = preview(command, copy, page, url_path, repeat, port,
                                                    args.serve_timeout)
                times = result[f"preview_{name}"]["times"]
                log(f"    edit shown after {', '.join(f'{t:.2f}' for t in times)} s")
            except RuntimeError as err:
                log(f"    preview ({name}) failed: {err}")
                result[f"preview_{name}"] = {"error": str(err)}
        git_status = subprocess.run(GIT + ["status", "--porcelain", "--", "docs"], cwd=copy,
                                    capture_output=True, text=True).stdout.strip()
        if git_status:
            log(f"  warning: docs/ differs after the preview: {git_status}")
    if args.profile and size == max(size for size, _ in args.sizes):
        log("  profiling")
        result["profile"] = profile(python, copy, workdir)
    if args.keep:
        target = Path(args.keep).resolve() / copy.name
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(copy, target, symlinks=True)
        log(f"  kept the copy in {target}")
    shutil.rmtree(copy, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------
# The report


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value, pattern="{:.1f}") -> str:
    return "n/a" if value is None else pattern.format(value)


def kib(value) -> str:
    return "n/a" if value is None else f"{value / 1024:.1f}"


def table(results: list[dict]) -> str:
    head = ("| pages per language | build / plain | check / plain | check (s) | build (s) | plain build (s) "
            "| preview after one edit, s (ours / plain) | agents' page, gzip KiB (es / en) "
            "| answers.json, gzip KiB | parses per page per check |")
    rows = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in results:
        plain, build, check = (median(r["runs"][k]) for k in ("plain", "build", "check"))
        ours_p = median((r.get("preview_ours") or {}).get("times", []))
        plain_p = median((r.get("preview_plain") or {}).get("times", []))
        g = r["gzip"]
        others = [v for k, v in g.items() if k.startswith("agentes_") and k != "agentes_es"]
        parses = r.get("parses")
        if parses is None:
            parse_text = "n/a"
        elif parses["min"] == parses["max"]:
            parse_text = f"{parses['min']}"
        else:
            parse_text = f"{parses['min']}–{parses['max']} (median {parses['median']:g})"
        rows.append(
            f"| {r['size']}{' (1 round)' if r.get('repeat') == 1 else ''} | {fmt(build / plain if build and plain else None, '{:.2f}')}× "
            f"| {fmt(check / plain if check and plain else None, '{:.2f}')}× | {fmt(check)} | {fmt(build)} "
            f"| {fmt(plain)} | {fmt(ours_p, '{:.2f}')} / {fmt(plain_p, '{:.2f}')} "
            f"| {kib(g.get('agentes_es'))} / {' / '.join(kib(v) for v in others) or 'n/a'} "
            f"| {kib(g.get('answers_json'))} | {parse_text} |")
    return "\n".join(rows)


def raw(results: list[dict]) -> str:
    out = []
    for r in results:
        info = r["grow"]
        out.append(f"### {r['size']} pages per language\n")
        out.append(f"- copy: {info['base']} pages of the project + {info['copies']} copies of "
                   f"{', '.join(info['guides'])}; {r['html_files']} HTML files built; lock-anchors: "
                   f"{' '.join(info.get('lock') or [])}")
        for name, label in (("plain", "plain build"), ("build", "our build"), ("check", "our check")):
            out.append(f"- {label} (s): {', '.join(f'{t:.2f}' for t in r['runs'][name])}")
        for name in ("ours", "plain"):
            p = r.get(f"preview_{name}")
            if p is None:
                continue
            if "error" in p:
                out.append(f"- preview ({name}): failed: {p['error'].splitlines()[0]}")
                continue
            out.append(f"- preview ({name}): first build and start {p['startup']:.1f} s; edit shown after "
                       f"{', '.join(f'{t:.2f}' for t in p['times'])} s; rebuilds reported by MkDocs: "
                       f"{', '.join(f'{t:.2f}' for t in p['rebuilds']) or 'n/a'} s"
                       + (f" ({p['unsettled']} edit(s) without a 'Documentation built' line)"
                          if p.get("unsettled") else ""))
        out.append(f"- gzip bytes: {json.dumps(r['gzip'])}")
        parses = r.get("parses")
        if parses:
            out.append(f"- parses during one check: {parses['feeds_on_pages']} of {parses['feeds_total']} "
                       f"HTMLParser.feed calls were whole built pages; pages by number of parses: "
                       f"{parses['histogram']}; fewest: {parses['fewest']}"
                       + (f"; scripts.htmlpage.parse: {parses['htmlpage_parse']}" if "htmlpage_parse" in parses
                          else "; scripts.htmlpage.parse: n/a"))
            out.append(f"- parses per page, by the function of scripts/ that asked: {parses.get('by_caller')}")
        else:
            out.append("- parse count: n/a")
        found = r["check_problems"]
        out.append(f"- check of the grown copy: {found['errors']} error(s), {found['warnings']} warning(s)")
        out += [f"  - {line}" for line in summarise_problems(found["lines"])]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="13,100,400",
                        help="sizes, pages per language, comma-separated; SIZE:N times that size N rounds "
                             "(default: 13,100,400)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per size; medians (default: 3)")
    parser.add_argument("--keep", metavar="DIR", help="keep each grown copy in DIR/pages-N (default: remove)")
    parser.add_argument("--report", default="reports/scale.md", help="Markdown report (default: reports/scale.md)")
    parser.add_argument("--profile", action="store_true", help="cProfile the check and the build at the largest size")
    parser.add_argument("--no-preview", action="store_true", help="skip the preview timings")
    parser.add_argument("--edit-page", default="desbloquear-clave.md",
                        help="the page (in docs/<default language>/) edited for the preview (default: %(default)s)")
    parser.add_argument("--serve-timeout", type=float, default=1800, help="seconds to wait for a server (default: 1800)")
    parser.add_argument("--allow-errors", action="store_true", help="time copies even if the check reports errors")
    parser.add_argument("--python", default=sys.executable, help="the project's Python (default: this one)")
    args = parser.parse_args(argv)
    try:
        args.sizes = [(int(item.partition(":")[0]), int(item.partition(":")[2] or args.repeat))
                      for item in args.pages.split(",") if item.strip()]
    except ValueError:
        parser.error("--pages takes sizes such as 13,100,400 (or 400:1 for one round at that size)")
    workdir = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    results = []
    started = dt.datetime.now()
    try:
        for size, repeat in args.sizes:
            results.append(measure(size, repeat, args, workdir))
            print(table(results[-1:]).splitlines()[-1], file=sys.stderr)
    except KeyboardInterrupt:
        log("interrupted: cleaning up")
        return 130
    finally:
        for proc in list(_children):
            stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)
        if results:
            text = (f"# Scale benchmark\n\n{started:%Y-%m-%d %H:%M}, {os.cpu_count()} CPU(s), Python "
                    f"{sys.version.split()[0]}, `{' '.join(['bench/scale_bench.py'] + (argv or sys.argv[1:]))}`. "
                    "Medians of the alternating rounds (raw timings below). Plain build: MkDocs + Material + search + "
                    "i18n on the same docs/, no hooks, no templates of ours, no redirects, not strict.\n\n"
                    f"{table(results)}\n\n## Raw timings\n\n{raw(results)}\n"
                    + "\n".join(r["profile"] for r in results if r.get("profile")))
            report = Path(args.report)
            if not report.is_absolute():
                report = Path.cwd() / report
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(text, encoding="utf-8")
            print("\n" + table(results) + "\n", flush=True)
            log(f"wrote {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
