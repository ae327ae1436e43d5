"""What a reader's browser fetches: only this site, no errors, and within the page weight budget.

Sizes are what Chromium reports for each request (DevTools protocol: encodedDataLength,
headers included), served gzip-compressed by the test server as a real host would.

Budget (issue 8, readers on a phone with a slow mobile connection):
- a page's first visit (empty cache): at most 100 KiB in total;
- each later page (the theme's files cached): at most 20 KiB.
The search is not part of a page's load: its engine and index load when the reader opens
it (docs/assets/javascripts/search.js), so they do not grow every first visit as the guide grows.

The test writes the figures to reports/page-weight.md.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browsersite import PHONE, Transfers, kib, key_pages, language_of, page_paths, reports_dir, site_search

pytestmark = pytest.mark.browser

FIRST_VISIT_BUDGET = 100 * 1024
LATER_PAGE_BUDGET = 20 * 1024


def _short(url: str, base: str) -> str:
    return "/" + url[len(base):] if url.startswith(base) else url


def _biggest(items, base, count=5) -> str:
    return ", ".join(f"{_short(url, base)} {kib(size)}" for url, size in items[:count] if size)


BATCH = 6  # tabs loading at once: their waits for the network to go quiet overlap


def _open(browser, url):
    """A fresh profile, its request recorder, and the page's errors; the load just started."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    transfers = Transfers(context, page)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="commit")
    return context, page, transfers, errors


@pytest.fixture(scope="module")
def first_visits(browser, site_server, built_site):
    """Every page (and the 404 page) opened once in a fresh browser profile: what it fetched."""
    visits = {}
    paths = page_paths(built_site) + ["no-such-page/"]
    for start in range(0, len(paths), BATCH):
        opened = [(path, *_open(browser, site_server.url + path)) for path in paths[start:start + BATCH]]
        try:
            for path, context, page, transfers, errors in opened:
                page.wait_for_load_state("networkidle")
                transfers.settle(page)
                visits[path] = {"items": transfers.items(), "total": transfers.total(),
                                "problems": transfers.problems(), "errors": errors}
        finally:
            for _, context, *_ in opened:
                context.close()
    return visits


@pytest.fixture(scope="module")
def later_visits(browser, site_server, built_site, project):
    """Per language, in one tab: the home page first, then every other page: what each fetched."""
    visits = {}
    tabs = []
    try:
        for lang in project.languages:
            context, page, transfers, _ = _open(browser, site_server.url + lang.prefix)
            page.wait_for_load_state("networkidle")
            rest = [path for path in page_paths(built_site)
                    if language_of(path, project) == lang.code and path != lang.prefix]
            tabs.append((context, page, transfers, rest))
        for step in range(max(len(rest) for *_, rest in tabs)):
            going = []
            for context, page, transfers, rest in tabs:  # one page per language at a time
                if step < len(rest):
                    transfers.reset()
                    page.goto(site_server.url + rest[step], wait_until="commit")
                    going.append((page, transfers, rest[step]))
            for page, transfers, path in going:
                page.wait_for_load_state("networkidle")
                transfers.settle(page)
                visits[path] = {"items": transfers.items(), "total": transfers.total()}
    finally:
        for context, *_ in tabs:
            context.close()
    return visits


def test_pages_fetch_only_from_this_site(first_visits, site_server):
    origin = urlsplit(site_server.url)
    problems = []
    for path, visit in first_visits.items():
        for url, _ in visit["items"]:
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                problems.append(f"/{path}: {url}")
    assert not problems, "requests to another origin:\n" + "\n".join(problems)


def test_pages_load_without_errors(first_visits, site_server):
    problems = []
    for path, visit in first_visits.items():
        for url, what in visit["problems"]:
            expected_404 = path == "no-such-page/" and _short(url, site_server.url) == "/no-such-page/"
            if not (expected_404 and what == "404"):
                problems.append(f"/{path}: {what} for {_short(url, site_server.url)}")
        problems += [f"/{path}: console: {text}" for text in visit["errors"]
                     if not (path == "no-such-page/" and "404" in text)]
    assert not problems, "\n".join(problems)


def test_first_visit_fits_the_budget(first_visits, site_server):
    over = [f"/{path}: {kib(visit['total'])}; biggest: {_biggest(visit['items'], site_server.url)}"
            for path, visit in first_visits.items() if visit["total"] > FIRST_VISIT_BUDGET]
    assert not over, f"first visit over {kib(FIRST_VISIT_BUDGET)}:\n" + "\n".join(over)


def test_later_pages_fit_the_budget(later_visits, site_server):
    over = [f"/{path}: {kib(visit['total'])}; biggest: {_biggest(visit['items'], site_server.url)}"
            for path, visit in later_visits.items() if visit["total"] > LATER_PAGE_BUDGET]
    assert not over, f"later page over {kib(LATER_PAGE_BUDGET)}:\n" + "\n".join(over)


SEARCH_FILES = ("/search/", "minisearch", "textmatch.js")


def test_search_index_loads_on_first_search_only(browser, site_server, project):
    """No page load fetches the search engine or an index; the first search fetches the reader's
    language's index only, from this site, within the first-visit budget."""
    sizes = {}
    for lang in project.languages:
        context = browser.new_context(viewport=PHONE)
        try:
            page = context.new_page()
            transfers = Transfers(context, page)
            page.goto(site_server.url + lang.prefix + "desbloquear-clave/", wait_until="networkidle")
            loaded = [url for url, _ in transfers.items() if any(part in url for part in SEARCH_FILES)]
            assert loaded == [], f"{lang.code}: the page load fetched search files: {loaded}"
            page_total = transfers.total()
            transfers.reset()
            site_search(page, "clave")
            page.wait_for_load_state("networkidle")
            fetched = [_short(url, site_server.url) for url, _ in transfers.items()]
            elsewhere = [url for url in fetched if not url.startswith("/")]
            assert not elsewhere, f"{lang.code}: search fetched from another origin: {elsewhere}"
            indexes = [url for url in fetched if url.startswith("/search/")]
            assert indexes == [f"/search/{lang.code}.json"], f"{lang.code}: {fetched}"
            assert transfers.total() <= FIRST_VISIT_BUDGET, f"{lang.code}: first search {kib(transfers.total())}"
            sizes[lang.code] = (page_total, transfers.total())
        finally:
            context.close()
    _write_report_search(sizes)


def test_write_weight_report(first_visits, later_visits, site_server, project):
    """reports/page-weight.md: every page's first and later visit, and the biggest files."""
    lines = ["# Page weight", "",
             f"Budget: first visit {kib(FIRST_VISIT_BUDGET)}, later page {kib(LATER_PAGE_BUDGET)} "
             "(gzip transfer, headers included, Chromium at 360×800).", "",
             "| page | first visit | later visit | biggest files (first visit) |", "| --- | ---: | ---: | --- |"]
    for path, visit in first_visits.items():
        later = later_visits.get(path)
        lines.append(f"| /{path} | {kib(visit['total'])} | {kib(later['total']) if later else '(first page)'} | "
                     f"{_biggest(visit['items'], site_server.url, 4)} |")
    key = {path: f"{lang} {kind}" for lang, kind, path in key_pages(project)}
    lines += ["", "Key pages: " + ", ".join(f"{name} /{path}" for path, name in key.items())]
    (reports_dir() / "page-weight.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_report_search(sizes: dict) -> None:
    lines = ["# First search", "", "| language | guide page, first visit | the first search |", "| --- | ---: | ---: |"]
    lines += [f"| {code} | {kib(before)} | {kib(after)} |" for code, (before, after) in sizes.items()]
    (reports_dir() / "search-weight.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
