"""A guide prints cleanly: its steps, without the site's navigation.

The print rules are in docs/assets/stylesheets/site.css (and Material's own). A PDF of the
guide goes to reports/print/ to look at.
"""

from __future__ import annotations

import pytest

from tests.browsersite import PHONE, key_pages, new_page, reports_dir

pytestmark = pytest.mark.browser

HIDDEN_IN_PRINT = {
    "header": ".md-header",
    "navigation": ".md-sidebar--primary",
    "contents sidebar": ".md-sidebar--secondary",
    "footer": ".md-footer",
    "language link": ".notice__languages",
    "search": ".md-search",
    "skip link": ".md-skip",
    "heading permalinks": ".md-typeset .headerlink",
    "buttons": ".md-content button",
}

VISIBLE_JS = "els => els.filter(el => el.checkVisibility({visibilityProperty: true, opacityProperty: true})).length"


def guides(project):
    return [(lang, path) for lang, kind, path in key_pages(project) if kind == "guide"]


def test_guide_prints_its_steps_without_navigation(browser, site_server, project):
    problems = []
    with new_page(browser, PHONE) as page:
        for lang, path in guides(project):
            page.goto(site_server.url + path)
            page.emulate_media(media="print")
            for name, selector in HIDDEN_IN_PRINT.items():
                shown = page.locator(selector).evaluate_all(VISIBLE_JS)
                if shown:
                    problems.append(f"/{path}: the {name} shows in print ({shown} element(s))")
            steps = page.locator("ol.steps > li")
            if steps.count() == 0:
                problems.append(f"/{path}: no steps (ol.steps > li) on the guide")
            hidden = steps.count() - steps.evaluate_all(VISIBLE_JS)
            if hidden:
                problems.append(f"/{path}: {hidden} step(s) hidden in print")
            if not page.locator("h1").first.is_visible():
                problems.append(f"/{path}: the title does not print")
            if not page.locator(".notice__text").is_visible():
                problems.append(f"/{path}: the 'not official' notice does not print")
            page.pdf(path=str(reports_dir("print") / f"{lang}-{path.split('/')[-2]}.pdf"),
                     format="A4", print_background=False)
    assert not problems, "\n".join(problems)
