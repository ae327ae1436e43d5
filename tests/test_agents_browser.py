"""In a real Chromium: agents copy a ready reply in either language, a refused clipboard
never says "copied", sharing stays on this site, and a deep link still shows the notice."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from scripts.answers import replies
from scripts.core import facts

pytestmark = pytest.mark.browser

FAQ = "preguntas-frecuentes#cuesta-dinero"
# What a third-party share link looks like: messaging services and social networks' share URLs.
SHARE_LINK = re.compile(r"wa\.me|whatsapp|t\.me/|telegram|m\.me/|messenger|viber|line\.me|signal\.me|"
                        r"facebook\.com/sharer|twitter\.com/intent|x\.com/intent|share\?|sharer", re.IGNORECASE)
# Records what the page hands to the Web Share API, instead of opening the share sheet.
SHARE_STUB = """
window.__shared = [];
navigator.share = (data) => { window.__shared.push(data); return Promise.resolve(); };
"""


@pytest.fixture(scope="module")
def exported(built_site):
    data = json.loads((built_site / "answers.json").read_text(encoding="utf-8"))
    return {row["id"]: row for row in data["answers"]}


def local(url: str, site_url: str, base: str) -> str:
    """An exported URL as the test server serves it."""
    return base + url[len(site_url):]


@pytest.fixture
def tab(browser):
    """A phone-size tab that may read and write the clipboard; no script errors allowed."""
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"script errors: {errors}"


def find(tab, words: str, answer_id: str):
    """Type into the agents' search; the result for `answer_id`."""
    english = tab.evaluate("document.documentElement.lang") == "en"
    tab.get_by_label("Find an answer" if english else "Buscar una respuesta").fill(words)
    tab.locator(f'.answers__results[data-query="{words}"]').wait_for()
    return tab.locator(f'.answers__results > li[data-id="{answer_id}"]')


def test_agent_copies_the_reply_in_the_other_language_with_its_link(tab, site_server, project, exported):
    row = exported[FAQ]
    for page, language, label, done in (("agentes/", "en", "English", "Respuesta copiada"),
                                         ("en/agentes/", "es", "Español", "Reply copied")):
        tab.goto(site_server.url + page)
        tab.get_by_role("radio", name=label).check()
        item = find(tab, "cuesta dinero" if page == "agentes/" else "cost money", FAQ)
        item.get_by_role("button", name="Copiar respuesta" if page == "agentes/" else "Copy reply").click()
        expect(item.locator(".copy-link__note")).to_have_text(done)
        url = local(row["url"][language], project.site_url, site_server.url)
        pasted = tab.evaluate("navigator.clipboard.readText()")
        assert pasted == replies.pasted(row["reply"][language], url)
        assert pasted.endswith("\n" + url), "the reply ends with its link"
        # The reply carries the mark the page shows: this answer rests only on the press.
        marked = facts.load(project).site.strings(language)["evidence_press"]
        assert marked in pasted.splitlines()[0]


def test_the_reply_can_be_read_before_it_is_copied(tab, site_server, exported):
    tab.goto(site_server.url + "agentes/")
    tab.get_by_role("radio", name="English").check()
    item = find(tab, "cuesta dinero", FAQ)
    text = item.locator("p.answers__reply")
    expect(text).to_be_hidden()
    toggle = item.get_by_role("button", name="Ver la respuesta")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(text).to_be_visible()
    expect(text).to_have_text(exported[FAQ]["reply"]["en"])
    expect(text).to_have_attribute("lang", "en")
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_a_denied_clipboard_shows_the_reply_to_copy_never_copied(browser, site_server, project, exported):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    # The browser's own refusal, not a stub: the permission is denied for this site.
    origin = site_server.url.rstrip("/")
    context_id = context.new_cdp_session(tab).send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    session = browser.new_browser_cdp_session()
    for name in ("clipboard-write", "clipboard-read"):
        session.send("Browser.setPermission", {"permission": {"name": name}, "setting": "denied", "origin": origin,
                                               "browserContextId": context_id})
    tab.goto(site_server.url + "agentes/")
    assert tab.evaluate("navigator.permissions.query({name: 'clipboard-write'}).then(p => p.state)") == "denied"
    item = find(tab, "cuesta dinero", FAQ)
    item.get_by_role("button", name="Copiar respuesta").click()
    text = item.locator("textarea.copy-fallback__text")
    expect(text).to_be_visible()
    url = local(exported[FAQ]["url"]["es"], project.site_url, site_server.url)
    expect(text).to_have_value(replies.pasted(exported[FAQ]["reply"]["es"], url))
    expect(text).to_be_focused()
    assert text.evaluate("t => t.selectionEnd - t.selectionStart") == len(text.input_value())
    expect(item).to_contain_text("Copia este texto")
    expect(item.locator(".copy-link__note")).to_have_count(0)  # never "copied"
    tab.wait_for_function("document.querySelector('body > [role=status]').textContent.includes('Copia este texto')")
    context.close()


def test_sharing_stays_on_this_site(browser, site_server, project):
    """The share sheet gets this site's URL; nothing is requested from another host; no link
    on the page goes to a messaging service or any host that is not this site or listed in data/."""
    site = facts.load(project).site
    allowed_hosts = {"127.0.0.1"}
    context = browser.new_context(viewport={"width": 360, "height": 800})
    requested: list[str] = []

    def record(route):
        requested.append(route.request.url)
        if urlsplit(route.request.url).hostname in allowed_hosts:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    context.add_init_script(SHARE_STUB)
    tab = context.new_page()
    tab.goto(site_server.url + "agentes/")
    item = find(tab, "cuesta dinero", FAQ)
    item.get_by_role("button", name="Compartir").click()
    tab.goto(site_server.url + "en/preguntas-frecuentes/#clave-biess")
    shared_before = tab.evaluate("window.__shared.length")
    tab.locator("h2#clave-biess button.copy-link--share").click()
    shares = tab.evaluate("window.__shared")
    assert shared_before == 0 and len(shares) == 1
    assert shares[0]["url"] == site_server.url + "en/preguntas-frecuentes/#clave-biess"
    assert shares[0]["title"] == "Is it the same key for the Biess?"
    for path in ("agentes/", "preguntas-frecuentes/", "en/agentes/"):
        tab.goto(site_server.url + path)
        everywhere = tab.eval_on_selector_all("a[href]", "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)")
        for href in everywhere:
            assert urlsplit(href).scheme in ("http", "https"), href  # no whatsapp:, tg:, sms: …
            assert not SHARE_LINK.search(href), href
        # The content (not the theme's footer, not the cited sources) links to this site or data/'s hosts.
        content = tab.eval_on_selector_all("article a[href]:not(.page-review a)", "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)")
        for href in content:
            host = urlsplit(href).hostname or ""
            assert host in allowed_hosts or site.is_official(href) or host in site.other_hosts, href
    context.close()
    assert requested and all(urlsplit(url).hostname == "127.0.0.1" for url in requested), \
        [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]


def test_the_agents_share_button_sends_the_reply_and_this_sites_link(browser, site_server, project, exported):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(SHARE_STUB)
    tab = context.new_page()
    tab.goto(site_server.url + "agentes/")
    tab.get_by_role("radio", name="English").check()
    item = find(tab, "cuesta dinero", FAQ)
    item.get_by_role("button", name="Compartir").click()
    [shared] = tab.evaluate("window.__shared")
    row = exported[FAQ]
    assert shared == {"title": row["title"]["en"], "text": row["reply"]["en"],
                      "url": local(row["url"]["en"], project.site_url, site_server.url)}
    context.close()


@pytest.mark.parametrize("failure, copied", [("TypeError", True), ("AbortError", False)])
def test_a_failed_share_copies_the_link_and_a_closed_sheet_does_nothing(browser, site_server, failure, copied):
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(f"navigator.share = () => Promise.reject(new DOMException('no', '{failure}'));")
    tab = context.new_page()
    tab.goto(site_server.url + "preguntas-frecuentes/")
    tab.locator("h2#cuesta-dinero button.copy-link--share").click()
    note = tab.locator("h2#cuesta-dinero .copy-link__note")
    if copied:
        expect(note).to_have_text("Enlace copiado")
        assert tab.evaluate("navigator.clipboard.readText()") == site_server.url + "preguntas-frecuentes/#cuesta-dinero"
    else:
        tab.wait_for_timeout(300)
        expect(note).to_have_count(0)
    context.close()


def test_without_the_share_api_headings_keep_only_the_copy_button(tab, site_server):
    tab.goto(site_server.url + "preguntas-frecuentes/")
    assert tab.evaluate("typeof navigator.share") == "undefined"  # Chromium on Linux
    expect(tab.locator("h2#cuesta-dinero button.copy-link")).to_have_count(1)
    expect(tab.locator("button.copy-link--share")).to_have_count(0)
    tab.goto(site_server.url + "agentes/")
    expect(find(tab, "cuesta dinero", FAQ).get_by_role("button", name="Compartir")).to_have_count(0)


@pytest.mark.parametrize("width", [360, 1280])
def test_a_deep_link_lands_below_the_notice_and_still_shows_it(browser, site_server, project, width):
    notice = facts.load(project).site.strings("es")["notice"]
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site_server.url + "preguntas-frecuentes/#soy-empleador")
    tab.wait_for_timeout(200)
    banner = tab.locator(".md-banner .notice")
    assert banner.evaluate("e => e.getBoundingClientRect().bottom") <= 0, "the notice bar is out of sight"
    line = tab.locator(".landing-notice")
    expect(line).to_be_visible()
    expect(line).to_have_text(notice)
    heading = tab.locator("h2#soy-empleador")
    line_box, heading_box = line.bounding_box(), heading.bounding_box()
    assert 0 < line_box["y"] and line_box["y"] + line_box["height"] <= heading_box["y"] < 800, \
        "the line is in sight, above the heading, which it does not cover"
    # No stray ¶ beside the heading the URL points at, until hover or focus.
    permalink = heading.locator("a.headerlink")
    assert permalink.evaluate("a => getComputedStyle(a).opacity") == "0"
    permalink.focus()
    tab.wait_for_function("document.querySelector('h2#soy-empleador a.headerlink') && "
                          "getComputedStyle(document.querySelector('h2#soy-empleador a.headerlink')).opacity === '1'")
    # Without a fragment the line is not there: the notice bar is at the top.
    tab.goto(site_server.url + "preguntas-frecuentes/")
    expect(line).to_be_hidden()
    context.close()


def test_agents_list_fits_a_phone(tab, site_server):
    tab.goto(site_server.url + "agentes/")
    find(tab, "correo", "problemas/correo-no-llega#revisar-spam")
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= 360, "nothing scrolls sideways"
    first = tab.locator(".answers__results > li").first
    buttons = first.locator(".answers__actions button")
    assert buttons.count() >= 3
    for box in (buttons.nth(i).bounding_box() for i in range(buttons.count())):
        assert box["height"] >= 44 and box["x"] + box["width"] <= 360
