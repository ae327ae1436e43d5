"""Measure a built site's search with the query set, as readers type it, in Chromium.

    .venv/bin/python bench/search_report.py SITE_DIR [--engine auto|material|pagefind|sitesearch]
                      [--queries tests/search_queries.yml] [--out reports/search.md] [--only TEXT]

It builds nothing: it serves SITE_DIR on 127.0.0.1 (tests/siteserver.py, gzip as a real
host), opens the reader's home page (`/` for Spanish, `/<lang>/` otherwise) at phone size,
opens the search, fills in each query, waits until the results stop changing, and reads
the ranked result links. Then it writes reports/search.md (top-1, top-3, reader's language
first, every miss) and prints a summary.

Engines are adapters (a class per engine: how to open search, type, read results), so the
same query set measures Material's search, a Pagefind prototype and our own search.

Scoring. `expect` items are relative to docs/<lang>/: `page.md` accepts a result anywhere
on that page, `page.md#id` that section only. top-1: the first result is acceptable;
top-3: one of the first three is. Language first: there are results, and every result in
the reader's language ranks above every result in another language.

First search: a fresh browser profile opens the home page, then the script records every
byte fetched from opening the search to the first results (gzip, as Chromium reports it).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import launch  # noqa: E402
from tests.browsersite import PHONE, Transfers  # noqa: E402
from tests.siteserver import SiteServer  # noqa: E402

LANGS = ("es", "en")
DEFAULT_LANG = "es"


# ------------------------------------------------------------------ engine adapters

class Engine:
    """How to use one search engine on a page: open its search, type, read the results."""

    name = "?"

    def open(self, page) -> None:
        raise NotImplementedError

    def type(self, page, text: str) -> None:
        raise NotImplementedError

    def results(self, page) -> list[str]:
        """Result links (absolute URLs), best first, as displayed."""
        raise NotImplementedError

    def settle(self, page, min_wait: float = 0.6, timeout: float = 8.0) -> list[str]:
        """Poll the results until they have not changed for a while."""
        start = time.monotonic()
        previous, stable = None, 0
        while time.monotonic() - start < timeout:
            page.wait_for_timeout(150)
            current = self.results(page)
            if current is None:  # not answered yet
                stable, previous = 0, None
                continue
            stable = stable + 1 if current == previous else 0
            previous = current
            if stable >= 3 and time.monotonic() - start >= min_wait:
                break
        return previous or []


class Material(Engine):
    """Material for MkDocs' own search dialog."""

    name = "material"

    def open(self, page):
        page.locator("label.md-header__button[for='__search']").click()
        page.locator("input.md-search__input").wait_for(state="visible")

    def type(self, page, text):
        box = page.locator("input.md-search__input")
        box.fill(text)
        box.press("End")  # a key event as well, as a person's last keystroke

    def results(self, page):
        return page.locator(".md-search-result__list a.md-search-result__link").evaluate_all(
            "links => links.map(a => a.href)")


class Pagefind(Engine):
    """A Pagefind bundle at /pagefind/ (evaluation only): its JS API, the page's language.

    The ready-made UI shows one entry per page with its best sub-results under it; results
    are read the same way: for each page, its sub-results in Pagefind's order.
    """

    name = "pagefind"

    def open(self, page):
        page.evaluate("""async () => {
            window.__pf = await import(new URL('/pagefind/pagefind.js', location.href).href);
            await window.__pf.options({excerptLength: 20});
            await window.__pf.init();
        }""")

    def type(self, page, text):
        page.evaluate("""async (text) => {
            window.__pfDone = null;
            const search = await window.__pf.search(text);
            const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
            const links = [];
            for (const d of data) {
                if (d.sub_results && d.sub_results.length) {
                    links.push(new URL(d.sub_results[0].url, location.href).href);
                } else links.push(new URL(d.url, location.href).href);
            }
            window.__pfDone = links;
        }""", text)

    def results(self, page):
        return page.evaluate("() => window.__pfDone || []")


class SiteSearch(Engine):
    """Our search (docs/assets/javascripts/search.js): a button, a dialog, a list of links."""

    name = "sitesearch"

    def open(self, page):
        page.locator("[data-site-search-open]").first.click()
        page.locator("#site-search-input").wait_for(state="visible")

    def type(self, page, text):
        box = page.locator("#site-search-input")
        box.fill(text)
        box.press("End")

    def results(self, page):
        # Only once the list answers the query typed last (the status's data-query).
        return page.evaluate("""() => {
            const box = document.querySelector('#site-search-input');
            const status = document.querySelector('#site-search-status');
            if (!box || !status || status.dataset.query !== box.value) return null;
            return [...document.querySelectorAll('#site-search-results a.site-search__link')].map(a => a.href);
        }""")


ENGINES = {cls.name: cls for cls in (Material, Pagefind, SiteSearch)}


def detect(site: Path) -> str:
    home = (site / "index.html").read_text(encoding="utf-8")
    if "data-site-search-open" in home:
        return "sitesearch"
    if (site / "pagefind" / "pagefind.js").is_file():
        return "pagefind"
    return "material"


# ------------------------------------------------------------------ scoring

@dataclass
class Outcome:
    q: str
    lang: str
    expect: list[str]
    note: str = ""
    results: list[str] = field(default_factory=list)  # 'lang:page.md#id'

    def acceptable(self, result: str) -> bool:
        lang, _, target = result.partition(":")
        if lang != self.lang:
            return False
        page, _, frag = target.partition("#")
        for item in self.expect:
            want_page, _, want_frag = item.partition("#")
            if want_page == page and (not want_frag or want_frag == frag):
                return True
        return False

    @property
    def rank(self) -> int | None:
        for i, result in enumerate(self.results, 1):
            if self.acceptable(result):
                return i
        return None

    @property
    def top1(self) -> bool:
        return self.rank == 1

    @property
    def top3(self) -> bool:
        return self.rank is not None and self.rank <= 3

    @property
    def language_first(self) -> bool | None:
        if not self.results:
            return None
        langs = [r.partition(":")[0] for r in self.results]
        if langs[0] != self.lang:
            return False
        seen_other = False
        for lang in langs:
            if lang != self.lang:
                seen_other = True
            elif seen_other:
                return False
        return True


def target_of(url: str, base: str) -> str:
    """'http://h/en/problemas/x/#id' -> 'en:problemas/x.md#id'."""
    parts = urlsplit(url)
    path = parts.path
    if url.startswith(base):
        path = "/" + url[len(base):].split("#")[0].split("?")[0]
    path = path.lstrip("/")
    lang = DEFAULT_LANG
    first = path.split("/", 1)[0]
    if first in LANGS and first != DEFAULT_LANG:
        lang, path = first, path[len(first):].lstrip("/")
    path = path.removesuffix("index.html").rstrip("/")
    page = (path or "index") + ".md"
    return f"{lang}:{page}" + (f"#{parts.fragment}" if parts.fragment else "")


def dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# ------------------------------------------------------------------ running

def home_of(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def first_search_bytes(browser, server, engine: Engine, lang: str, text: str) -> tuple[int, list]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        transfers = Transfers(context, page)
        page.goto(server.url + home_of(lang))
        page.wait_for_load_state("networkidle")
        transfers.reset()
        engine.open(page)
        engine.type(page, text)
        engine.settle(page)
        page.wait_for_load_state("networkidle")
        transfers.settle(page)
        return transfers.total(), transfers.items()
    finally:
        context.close()


def run_queries(browser, server, engine: Engine, queries: list[dict]) -> list[Outcome]:
    """Type each query on its language's home page; the results, deduplicated. (The tests
    run this too: tests/test_browser_search.py holds the set to its goals.)"""
    outcomes = []
    for lang in LANGS:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(server.url + home_of(lang))
        engine.open(page)
        for item in (q for q in queries if q["lang"] == lang):
            engine.type(page, item["q"])
            links = engine.settle(page)
            outcomes.append(Outcome(item["q"], lang, list(item["expect"]), item.get("note", ""),
                                    dedupe([target_of(u, server.url) for u in links])))
        context.close()
    return outcomes


def run(site: Path, engine: Engine, queries: list[dict]) -> tuple[list[Outcome], dict]:
    from playwright.sync_api import sync_playwright

    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            sizes = {}
            for lang in LANGS:
                sample = next((q["q"] for q in queries if q["lang"] == lang), "clave")
                sizes[lang] = first_search_bytes(browser, server, engine, lang, sample)
            outcomes = run_queries(browser, server, engine, queries)
        finally:
            browser.close()
    return outcomes, sizes


# ------------------------------------------------------------------ report

def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}% ({part}/{whole})" if whole else "n/a"


def summary(outcomes: list[Outcome]) -> dict:
    out = {}
    for lang in (None, *LANGS):
        chosen = [o for o in outcomes if lang is None or o.lang == lang]
        with_results = [o for o in chosen if o.results]
        out[lang or "all"] = {
            "n": len(chosen),
            "top1": sum(o.top1 for o in chosen),
            "top3": sum(o.top3 for o in chosen),
            "lang_first": sum(bool(o.language_first) for o in with_results),
            "with_results": len(with_results),
        }
    return out


def render(engine: str, site: Path, outcomes: list[Outcome], sizes: dict) -> str:
    figures = summary(outcomes)
    lines = [f"# Search: {engine}", "",
             f"Site: `{site}`. Queries: {len(outcomes)} (`tests/search_queries.yml`), each typed on the "
             "reader's home page at 360 px in Chromium (`bench/search_report.py`).", "",
             "| | queries | top-1 | top-3 | reader's language first | no results |",
             "| --- | --- | --- | --- | --- | --- |"]
    for key, f in figures.items():
        lines.append(f"| {key} | {f['n']} | {pct(f['top1'], f['n'])} | {pct(f['top3'], f['n'])} | "
                     f"{pct(f['lang_first'], f['with_results'])} | {f['n'] - f['with_results']} |")
    lines += ["", "First search (fresh profile: open the search, type one query; gzip bytes on the wire):", ""]
    for lang, (total, items) in sizes.items():
        parts = ", ".join(f"`{urlsplit(u).path}` {s / 1024:.1f}" for u, s in items if s)
        lines.append(f"- {lang}: **{total / 1024:.1f} KiB** ({parts})")
    lines += ["", "## Misses (not in the top 3)", ""]
    misses = [o for o in outcomes if not o.top3]
    if not misses:
        lines.append("None.")
    for o in misses:
        shown = ", ".join(f"`{r.partition(':')[2]}`" for r in o.results[:5]) or "no results"
        lines.append(f"- [{o.lang}] **{o.q}** — expected {', '.join(o.expect)}; got {shown}"
                     + (f" ({o.note})" if o.note else ""))
    lines += ["", "## Not first (in the top 3, not at 1)", ""]
    for o in outcomes:
        if o.top3 and not o.top1:
            lines.append(f"- [{o.lang}] {o.q} — rank {o.rank}; first `{o.results[0].partition(':')[2]}`")
    lines += ["", "## Language order problems", ""]
    bad = [o for o in outcomes if o.language_first is False]
    lines += [f"- [{o.lang}] {o.q}: {', '.join(o.results[:5])}" for o in bad] or ["None."]
    lines += ["", "## Every query", "", "| lang | query | rank | first results |", "| --- | --- | --- | --- |"]
    for o in outcomes:
        shown = ", ".join(r.partition(":")[2] if r.startswith(o.lang + ":") else r for r in o.results[:3])
        lines.append(f"| {o.lang} | {o.q} | {o.rank or '—'} | {shown or 'no results'} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--engine", default="auto", choices=["auto", *ENGINES])
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "search_queries.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "search.md")
    parser.add_argument("--only", help="run the queries containing this text only")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        parser.error(f"{site} is not a built site (no index.html)")
    name = detect(site) if args.engine == "auto" else args.engine
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    if args.only:
        queries = [q for q in queries if args.only in q["q"]]
    outcomes, sizes = run(site, ENGINES[name](), queries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(name, site, outcomes, sizes), encoding="utf-8")
    for key, f in summary(outcomes).items():
        print(f"{name} {key:>3}: top-1 {pct(f['top1'], f['n'])}, top-3 {pct(f['top3'], f['n'])}, "
              f"language first {pct(f['lang_first'], f['with_results'])}")
    for lang, (total, _) in sizes.items():
        print(f"{name} first search ({lang}): {total / 1024:.1f} KiB")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
