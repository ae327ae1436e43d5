"""Reading on a phone (issue 16): text size, thumb-sized targets, 200% zoom, dark mode.

Measured in Chromium at 360×800 (a small phone) and 180 px wide (the same phone at 200%
zoom), with the measures of tests/phonechecks.js.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browsersite import PHONE, key_pages, new_page, page_paths
from tests.test_browser_accessibility import run_axe

pytestmark = pytest.mark.browser

CHECKS = (Path(__file__).parent / "phonechecks.js").read_text(encoding="utf-8")
ZOOMED = {"width": 180, "height": 400}  # 360 px at 200% zoom
TARGET = 44  # px, WCAG 2.5.5 (AAA) and the platforms' guidance for a thumb


def _measure(page, script: str):
    if not page.evaluate("() => !!window.PhoneChecks"):
        page.add_script_tag(content=CHECKS)
    return page.evaluate(script)


def test_notes_and_warnings_read_at_least_at_body_size(browser, site_server, project):
    with new_page(browser, PHONE) as page:
        for lang in project.languages:
            page.goto(site_server.url + lang.prefix + "desbloquear-clave/")
            sizes = page.evaluate("""() => {
                const size = el => parseFloat(getComputedStyle(el).fontSize)
                const body = size(document.querySelector('article.md-content__inner > p'))
                return [body, [...document.querySelectorAll('.admonition > p:not(.admonition-title), .admonition li')].map(size)]
            }""")
            body, notes = sizes
            assert notes, f"{lang.code}: no note or warning on the guide"
            assert min(notes) >= body, f"{lang.code}: a note's text is {min(notes)} px, the body's {body} px"


def test_tapping_a_cards_description_opens_its_guide(browser, site_server, project):
    with new_page(browser, PHONE) as page:
        for lang in project.languages:
            page.goto(site_server.url + lang.prefix)
            cards = page.locator(".grid.cards > ul > li")
            assert cards.count() >= 5
            for i in range(cards.count()):
                page.goto(site_server.url + lang.prefix)
                card = page.locator(".grid.cards > ul > li").nth(i)
                links = card.locator("a")
                assert links.count() == 1, "one link per card: one accessible name"
                href = links.first.evaluate("a => a.href")
                description = card.locator("p").last  # not the title
                description.scroll_into_view_if_needed()
                box = description.bounding_box()
                with page.expect_navigation():
                    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                assert page.url == href, f"{lang.code} card {i + 1}: tapping the description went to {page.url}"


def test_no_visible_control_is_smaller_than_a_thumb(browser, site_server, built_site):
    small = []
    with new_page(browser, PHONE) as page:
        for path in page_paths(built_site) + ["404.html"]:
            page.goto(site_server.url + path)
            small += [f"/{path}: {item}" for item in _measure(page, f"PhoneChecks.small({TARGET})")]
    assert not small, f"{len(small)} control(s) under {TARGET}×{TARGET} px at 360 px:\n" + "\n".join(small[:30])


def test_no_page_scrolls_sideways_at_200_percent_zoom(browser, site_server, built_site):
    wide = []
    with new_page(browser, ZOOMED) as page:
        for path in page_paths(built_site) + ["404.html"]:
            page.goto(site_server.url + path)
            found = _measure(page, "PhoneChecks.overflow()")
            if found["scroll"] > 0:
                wide.append(f"/{path}: {found['scroll']} px too wide ({', '.join(found['wide'])})")
    assert not wide, "pages that scroll sideways at 180 px:\n" + "\n".join(wide)


def test_headings_keep_their_question_mark_at_200_percent_zoom(browser, site_server, project):
    with new_page(browser, ZOOMED) as page:
        for lang in project.languages:
            page.goto(site_server.url + lang.prefix)
            lines = page.evaluate("""() => {
                const h = document.querySelector('article h1'); const range = document.createRange()
                const text = [...h.childNodes].find(n => n.nodeType === 3)
                range.setStart(text, text.length - 1); range.setEnd(text, text.length)
                const mark = range.getBoundingClientRect(); range.setStart(text, 0); range.setEnd(text, text.length - 1)
                const rects = [...range.getClientRects()]
                return [mark.top, rects.length ? rects[rects.length - 1].top : null]
            }""")
            assert lines[1] is not None and abs(lines[0] - lines[1]) < 2, f"{lang.code}: the '?' is on a line of its own"


def test_dark_mode_follows_the_system_and_passes_axe(browser, site_server, project, axe_source):
    problems = []
    with new_page(browser, PHONE, color_scheme="dark") as page:
        for _, _, path in key_pages(project) + [("es", "agents", "agentes/"), ("es", "404", "404.html")]:
            page.goto(site_server.url + path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), f"/{path}: not dark ({background})"
            problems += [f"/{path}: {line}" for line in run_axe(page, axe_source)]
    assert not problems, "axe in dark mode:\n" + "\n".join(problems)


def test_the_notice_bar_keeps_its_height_when_the_scripts_start(browser, site_server, project):
    """The search button replaces the topic link: the bar must not grow, or everything below it
    shifts (Lighthouse's layout shift, and a reader's tap lands on the wrong line)."""
    heights = {}
    for js in (True, False):
        with new_page(browser, PHONE, java_script_enabled=js) as page:
            for lang in project.languages:
                page.goto(site_server.url + lang.prefix)
                heights[(lang.code, js)] = page.evaluate("document.querySelector('.md-banner').getBoundingClientRect().height")
    for lang in project.languages:
        assert heights[(lang.code, True)] == heights[(lang.code, False)], heights
