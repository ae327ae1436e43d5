"""Search in a real browser, as a reader types it.

Each language has its own index (scripts/searchindex.py), so results are always in the
reader's language; the query that matters most must find its page first.
"""

from __future__ import annotations

import pytest

from tests.browsersite import PHONE, new_page

pytestmark = pytest.mark.browser

# (page the reader is on, what they type, the page that must come first)
CASES = [
    ("", "no me llega el correo", "problemas/correo-no-llega/"),
    ("problemas/verificar-identidad/", "no me llega el correo", "problemas/correo-no-llega/"),
    ("en/", "the email does not arrive", "en/problemas/correo-no-llega/"),
    ("en/desbloquear-clave/", "email not arriving", "en/problemas/correo-no-llega/"),
]


def search(page, text: str) -> list[str]:
    """Open the search, type like a person, return the result links (page URLs, best first)."""
    page.locator("label.md-header__button[for='__search']").click()
    page.keyboard.type(text, delay=15)
    page.locator(".md-search-result__item").first.wait_for()
    # Results come per keystroke: wait until they stop changing (the last keystroke's).
    previous = None
    for _ in range(40):
        links = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        if links == previous:
            return links
        previous = links
        page.wait_for_timeout(250)
    return previous


@pytest.mark.parametrize("start, text, expected", CASES)
def test_query_finds_its_page_first_and_only_in_the_readers_language(browser, site_server, start, text, expected):
    with new_page(browser, PHONE) as page:
        page.goto(site_server.url + start)
        results = search(page, text)
    assert results, f"no results for {text!r}"
    first = results[0].split("#")[0]
    assert first == site_server.url + expected, f"{text!r}: first result {first}, expected /{expected}; all: {results}"
    english = [url for url in results if url.startswith(site_server.url + "en/")]
    if expected.startswith("en/"):
        assert len(english) == len(results), f"Spanish results on an English page: {results}"
    else:
        assert not english, f"English results on a Spanish page: {english}"


def test_enter_opens_the_best_result(browser, site_server):
    with new_page(browser, PHONE) as page:
        page.goto(site_server.url)
        search(page, "no me llega el correo")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.split("#")[0] == site_server.url + "problemas/correo-no-llega/"
