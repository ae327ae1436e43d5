"""Screenshots of the key pages in both languages, at phone and desktop size.

They go to reports/screenshots/ (kept by CI as an artifact, ignored by git), for a person
to look at: <lang>-<kind>-<size>.png, the whole page; the phone ones also as
<lang>-<kind>-phone-top.png (the first screen a reader sees) and, for the tree and the
FAQ, <lang>-<kind>-phone-nojs.png (without JavaScript).
"""

from __future__ import annotations

import pytest

from tests.browsersite import SIZES, key_pages, new_page, reports_dir, still

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_of_key_pages(browser, site_server, project, size):
    folder = reports_dir("screenshots")
    written = []
    with new_page(browser, SIZES[size]) as page:
        for lang, kind, path in key_pages(project):
            page.goto(site_server.url + path, wait_until="networkidle")
            still(page)
            name = f"{lang}-{kind}-{size}"
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            written.append(folder / f"{name}.png")
            if size == "phone":
                page.screenshot(path=str(folder / f"{name}-top.png"))
                written.append(folder / f"{name}-top.png")
    if size == "phone":
        with new_page(browser, SIZES[size], java_script_enabled=False) as page:
            for lang, kind, path in key_pages(project):
                if kind in ("tree", "faq"):
                    page.goto(site_server.url + path)
                    page.screenshot(path=str(folder / f"{lang}-{kind}-phone-nojs.png"), full_page=True)
                    written.append(folder / f"{lang}-{kind}-phone-nojs.png")
    small = [path.name for path in written if path.stat().st_size < 5000]
    assert not small, f"screenshots that look empty: {small}"
