"""Accessibility in a real browser: axe-core on every page, and the keyboard on key pages.

axe-core is the copy shipped inside the PyPI package axe-playwright-python (no download
at run time); we inject its axe.min.js ourselves.
"""

from __future__ import annotations


import pytest

from tests.browsersite import DESKTOP, PHONE, SIZES, key_pages, new_page, page_paths, site_search, still

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, axe_source: str, shown: int = 3) -> list[str]:
    """axe's WCAG 2.2 AA violations on the current page: one line per rule, a few elements each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS)
    lines = []
    for violation in result["violations"]:
        nodes = violation["nodes"]
        first = (nodes[0].get("failureSummary") or "").replace("\n", " ")[:240]
        targets = "; ".join(" ".join(node["target"]) for node in nodes[:shown])
        more = f" (and {len(nodes) - shown} more)" if len(nodes) > shown else ""
        lines.append(f"{violation['id']} ({violation['impact']}) on {len(nodes)} element(s): {targets}{more}. {first}")
    return lines


def test_axe_finds_nothing_on_any_page(browser, site_server, built_site, axe_source):
    """Every page at phone size (how most readers come), and the 404 page."""
    problems = []
    with new_page(browser, PHONE) as page:
        for path in page_paths(built_site) + ["no-such-page/", "en/no-such-page/"]:
            page.goto(site_server.url + path)
            problems += [f"/{path}: {line}" for line in run_axe(page, axe_source)]
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_axe_finds_nothing_on_key_pages_at_desktop_size(browser, site_server, project, axe_source):
    """The wide layout adds the sidebars: the same templates on every page, so key pages suffice."""
    problems = []
    with new_page(browser, DESKTOP) as page:
        for _, _, path in key_pages(project):
            page.goto(site_server.url + path)
            problems += [f"/{path}: {line}" for line in run_axe(page, axe_source)]
    assert not problems, f"{len(problems)} axe violation(s) at desktop size:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang_prefix, query", [("", "correo"), ("en/", "email")])
def test_axe_finds_nothing_in_open_search_and_drawer(browser, site_server, axe_source, lang_prefix, query):
    with new_page(browser, PHONE) as page:
        page.goto(site_server.url + lang_prefix + "desbloquear-clave/")
        still(page)
        # The navigation drawer, opened as a reader would.
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_timeout(100)
        problems = run_axe(page, axe_source)
        # The search dialog with results.
        page.reload()
        still(page)
        site_search(page, query)
        problems += run_axe(page, axe_source)
    assert not problems, "\n".join(problems)


def test_search_dialog_has_a_name_in_the_page_language(browser, site_server, project):
    names = {}
    with new_page(browser, PHONE) as page:
        for lang in project.languages:
            page.goto(site_server.url + lang.prefix)
            page.locator("[data-site-search-open]").click()
            names[lang.code] = page.locator("dialog.site-search").evaluate(
                "d => document.getElementById(d.getAttribute('aria-labelledby')).textContent")
    assert all(names.values()), f"the search dialog needs a name: {names}"
    assert len(set(names.values())) == len(names), f"one name per language expected: {names}"


# Every element Tab can reach. Radio buttons count once per group (arrows move inside).
CONTROLS_JS = """() => {
  const found = [];
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true]';
  for (const el of document.querySelectorAll(sel)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (el.type === 'radio' && !el.checked) continue;
    el.dataset.kb ||= String(Math.random()).slice(2);
    found.push({id: el.dataset.kb, what: describe(el)});
  }
  return found;
  function describe(el) {
    return el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') +
      ' ' + (el.getAttribute('href') || el.getAttribute('aria-label') || el.id || el.textContent.trim().slice(0, 30));
  }
}"""

# The element that has the focus, and whether a reader can see where the focus is: the
# element (or, for a hidden radio button or checkbox, its label) is on screen, not
# covered, and drawn with a ring (an outline of 2px or more, or a box shadow).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  el.dataset.kb ||= String(Math.random()).slice(2);
  let shown = el;
  const box = el.getBoundingClientRect();
  if ((box.width < 2 || box.height < 2 || getComputedStyle(el).opacity === '0') && el.id) {
    shown = document.querySelector(`label[for="${CSS.escape(el.id)}"]`) || el;
  }
  const r = shown.getBoundingClientRect();
  const cs = getComputedStyle(shown);
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  const x = Math.min(Math.max(r.left + Math.min(r.width / 2, 8), 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const covered = !(hit && (shown.contains(hit) || hit.contains(shown) || hit === el));
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow && cs.boxShadow !== 'none');
  return {id: el.dataset.kb, what: el.tagName.toLowerCase() + '.' + String(el.className).trim().replace(/\\s+/g, '.') + ' ' +
            (el.getAttribute('href') || el.getAttribute('aria-label') || el.id || el.textContent.trim().slice(0, 30)),
          visible: shown.checkVisibility({visibilityProperty: true, opacityProperty: true}) && inView,
          covered, ring};
}"""


def tab_through(page, limit: int) -> list[dict]:
    """Press Tab from the top of the page until the focus leaves the page or comes back."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is not None and not (focus["visible"] and not focus["covered"]):
            page.wait_for_timeout(150)  # some controls open on focus, by script (search)
            focus = page.evaluate(FOCUS_JS)
        if focus is None:
            if stops:
                break
            continue
        if stops and focus["id"] == stops[0]["id"]:
            break
        stops.append(focus)
    return stops


@pytest.mark.parametrize("size", SIZES)
def test_keyboard_reaches_every_control_with_a_visible_focus(browser, site_server, project, size):
    problems = []
    with new_page(browser, SIZES[size]) as page:
        for lang, kind, path in key_pages(project):
            page.goto(site_server.url + path)
            still(page)
            controls = page.evaluate(CONTROLS_JS)
            stops = tab_through(page, limit=3 * len(controls) + 20)
            reached = {stop["id"] for stop in stops}
            for control in controls:
                if control["id"] not in reached:
                    problems.append(f"/{path}: never reached with Tab: {control['what']}")
            for stop in stops:
                if not stop["visible"]:
                    problems.append(f"/{path}: focus on something not in sight: {stop['what']}")
                elif stop["covered"]:
                    problems.append(f"/{path}: focused element is covered: {stop['what']}")
                elif not stop["ring"]:
                    problems.append(f"/{path}: no visible focus ring: {stop['what']}")
    assert not problems, f"at {size} size:\n" + "\n".join(problems)
