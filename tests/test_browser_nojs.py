"""Without JavaScript every guide, tree and FAQ is readable, and every link works.

Readers on old phones, with data saver, or behind a broken script still get the whole
guide: each text of the page is shown (a closed <details> counts: it opens by itself),
and each link inside the site leads to a page that exists, at an anchor that exists.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from scripts.core import html as htmlpage
from tests.browsersite import PHONE, new_page, page_paths

pytestmark = pytest.mark.browser

# Text in the article that a reader must be able to see, unless it sits in a closed
# <details> or another content tab: a native control (summary, tab label) shows it
# without any script.
HIDDEN_TEXT_JS = """() => {
  const hidden = [];
  const article = document.querySelector('article.md-content__inner') || document.body;
  for (const el of article.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, dt, dd, td, th, summary, blockquote, figcaption')) {
    if (!el.textContent.trim()) continue;
    // The notice repeated where a deep link lands: shown (by CSS alone) only while a heading
    // is the URL's target; otherwise the notice bar at the top says it.
    if (el.matches('.landing-notice')) continue;
    const details = el.parentElement && el.parentElement.closest('details:not([open])');
    if (details && el.tagName !== 'SUMMARY' && !details.querySelector(':scope > summary').contains(el)) continue;
    // Another content tab: its label (a plain <label> for a radio button) shows it.
    const block = el.closest('.tabbed-block');
    const labels = block && block.closest('.tabbed-set').querySelector('.tabbed-labels');
    if (labels && labels.checkVisibility()) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) {
      hidden.push(el.tagName.toLowerCase() + ': ' + el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60));
    }
  }
  return hidden;
}"""


def test_every_page_is_readable_without_javascript(browser, site_server, built_site):
    problems = []
    with new_page(browser, PHONE, java_script_enabled=False) as page:
        for path in page_paths(built_site):
            page.goto(site_server.url + path)
            assert page.evaluate("1 + 1") == 2  # evaluate still works: it is not the page's script
            hidden = page.evaluate(HIDDEN_TEXT_JS)
            problems += [f"/{path}: hidden without JavaScript: {text}" for text in hidden[:5]]
            if len(hidden) > 5:
                problems.append(f"/{path}: … and {len(hidden) - 5} more")
            if not page.locator("article h1").first.is_visible():
                problems.append(f"/{path}: no visible title")
    assert not problems, "\n".join(problems)


def test_every_link_works_without_javascript(browser, site_server, built_site):
    """Every link in the site's pages (as the browser sees them, without scripts) resolves."""
    origin = urlsplit(site_server.url).netloc
    targets: dict[str, set[str]] = {}  # page URL -> anchors linked to
    sources: dict[str, str] = {}
    with new_page(browser, PHONE, java_script_enabled=False) as page:
        for path in page_paths(built_site):
            page.goto(site_server.url + path)
            # An SVG link's href is an object (the trees' drawn maps): resolve its text.
            for href in page.locator("a[href]").evaluate_all(
                    "links => links.map(a => typeof a.href === 'string' ? a.href "
                    ": new URL(a.getAttribute('href'), document.baseURI).href)"):
                if urlsplit(href).netloc != origin:
                    continue
                url, fragment = urldefrag(href)
                targets.setdefault(url, set())
                if fragment:
                    targets[url].add(fragment)
                sources.setdefault(url + "#" + fragment, "/" + path)
        problems = []
        for url, fragments in sorted(targets.items()):
            response = page.request.get(url)
            if response.status != 200:
                problems.append(f"{url} ({response.status}), linked from {sources.get(url + '#', '?')}")
                continue
            if not fragments:
                continue
            ids = htmlpage.parse(built_site / "x.html", response.text()).ids
            for fragment in sorted(fragments - set(ids)):
                problems.append(f"{url}#{fragment}: no such anchor, linked from {sources.get(url + '#' + fragment)}")
    assert not problems, "broken links without JavaScript:\n" + "\n".join(problems)


def test_language_link_works_without_javascript(browser, site_server, project):
    with new_page(browser, PHONE, java_script_enabled=False) as page:
        page.goto(site_server.url + "desbloquear-clave/")
        other = next(lang for lang in project.languages if not lang.default)
        page.locator(f"a.language-link[hreflang='{other.code}']").click()
        assert page.url == urljoin(site_server.url, other.prefix + "desbloquear-clave/")
        assert page.locator("html").get_attribute("lang") == other.code
