"""In a real Chromium: copy-link buttons, the language link that keeps the fragment, the agents' filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser, site_server):
    """A phone-size tab that may read and write the clipboard."""
    context = browser.new_context(viewport={"width": 360, "height": 800},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"script errors: {errors}"


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_button_beside_an_answer_works_from_the_keyboard(tab, site_server):
    tab.goto(site_server.url + "preguntas-frecuentes/")
    button = tab.locator("h2#cuesta-dinero button.copy-link")
    assert button.get_attribute("aria-label") == "Copiar enlace: ¿Cuesta dinero?"
    # Tab from the heading's permalink reaches the button; Enter copies.
    tab.locator("h2#cuesta-dinero a.headerlink").focus()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.matches('h2#cuesta-dinero button.copy-link')")
    tab.keyboard.press("Enter")
    note = tab.locator("h2#cuesta-dinero .copy-link__note")
    note.wait_for()
    assert note.inner_text() == "Enlace copiado"
    assert clipboard(tab) == site_server.url + "preguntas-frecuentes/#cuesta-dinero"
    # Screen readers hear it from a live region.
    status = tab.locator("body > [role=status]")
    tab.wait_for_function("document.querySelector('body > [role=status]').textContent === 'Enlace copiado'")
    assert status.get_attribute("class") == "visually-hidden"
    assert status.evaluate("e => e.getBoundingClientRect().width") <= 1  # heard, not shown


def test_every_answer_step_and_tree_node_has_a_button(tab, site_server):
    tab.goto(site_server.url + "preguntas-frecuentes/")
    answers = "article h2[id]:not(#revision-y-fuentes)"
    assert tab.locator(answers).count() == tab.locator(f"{answers} > button.copy-link").count() == 10
    tab.goto(site_server.url + "desbloquear-clave/")
    steps = tab.locator("ol.steps > li[id]")
    assert steps.count() > 0
    assert tab.locator("ol.steps > li[id] button.copy-link").count() == steps.count()
    tab.goto(site_server.url + "problemas/correo-no-llega/")
    for node in ("revisar-spam", "correo-desactualizado"):
        assert tab.locator(f"h2#{node} > button.copy-link").count() == 1, node


def test_copy_button_of_a_step_in_english(tab, site_server):
    tab.goto(site_server.url + "en/desbloquear-clave/")
    button = tab.locator("li#desbloquear-clave-abrir-correo button.copy-link")
    assert button.get_attribute("aria-label").startswith("Copy link: Step 8: Open the email")
    button.click()
    assert tab.locator("li#desbloquear-clave-abrir-correo .copy-link__note").inner_text() == "Link copied"
    assert clipboard(tab) == site_server.url + "en/desbloquear-clave/#desbloquear-clave-abrir-correo"


def test_copy_button_of_a_tree_node(tab, site_server):
    tab.goto(site_server.url + "problemas/correo-no-llega/#correo-desactualizado")
    tab.locator("h2#correo-desactualizado button.copy-link").click()
    assert clipboard(tab) == site_server.url + "problemas/correo-no-llega/#correo-desactualizado"


def test_language_link_keeps_the_fragment(tab, site_server):
    tab.goto(site_server.url + "preguntas-frecuentes/#cuesta-dinero")
    tab.locator("a.language-link").click()
    tab.wait_for_url(site_server.url + "en/preguntas-frecuentes/#cuesta-dinero")
    assert tab.evaluate("location.hash") == "#cuesta-dinero"
    # The fragment changes after load: a link in the page, then a script's pushState.
    tab.evaluate("location.hash = '#clave-biess'")
    tab.wait_for_function("document.querySelector('a.language-link').getAttribute('href')"
                          " === '../../preguntas-frecuentes/#clave-biess'")
    tab.evaluate("history.pushState(null, '', '#soy-empleador')")
    tab.locator("a.language-link").click()
    tab.wait_for_url(site_server.url + "preguntas-frecuentes/#soy-empleador")
    assert tab.locator("#soy-empleador").is_visible()


def search(tab, words: str) -> None:
    """Type into the agents' search and wait until the list shows what matches."""
    tab.get_by_label("Buscar una respuesta").fill(words)
    tab.locator(".answers__results").and_(tab.locator(f'[data-query="{words}"]')).wait_for()


def test_agents_find_an_answer_and_copy_its_link_in_the_other_language(tab, site_server):
    tab.goto(site_server.url + "agentes/")
    field = tab.get_by_label("Buscar una respuesta")
    assert field.get_attribute("placeholder").startswith("Ej.:")
    # Before the search is used: the list of pages, each link with its copy button, and
    # answers.json not fetched yet (the page costs what another page does).
    pages = tab.locator(".answers__pages")
    expect(pages).to_be_visible()
    assert pages.locator("a[hreflang]").count() == pages.locator("button.answers__button").count() > 10
    field.focus()
    items = tab.locator(".answers__results > li")
    expect(items.first).to_be_visible()
    expect(pages).to_be_hidden()  # the list of pages gives way to every answer
    listed = items.count()  # pages, FAQ answers and tree nodes, before typing
    assert tab.locator(".answers__results > li.answers__item--step").count() == 0
    search(tab, "biess")
    found = items.all_text_contents()  # the folded reply included: the search reads it too
    assert found and all("biess" in text.lower() for text in found), found
    count = tab.locator(".answers__count").inner_text()
    assert count.startswith(f"{len(found)} de ") and count.endswith(" respuestas"), count
    # Accents, case and a typo do not matter; steps are found too.
    search(tab, "DIRECCION")
    assert items.count() > 0
    search(tab, "clave olvdada")  # a typo
    assert items.count() > 0
    search(tab, "abrir el correo")
    assert tab.locator(".answers__results > li.answers__item--step").count() > 0
    search(tab, "")
    assert items.count() == listed
    # The link of the other language, whatever the page's language.
    tab.get_by_role("radio", name="English").check()
    search(tab, "cuesta dinero")
    item = tab.locator('.answers__results > li[data-id="preguntas-frecuentes#cuesta-dinero"]')
    expect(item.locator(".answers__address a")).to_have_attribute("hreflang", "en")
    item.get_by_role("button", name="Copiar enlace").click()
    assert clipboard(tab) == site_server.url + "en/preguntas-frecuentes/#cuesta-dinero"
    expect(item.locator(".copy-link__note")).to_have_text("Enlace copiado")


def test_a_refused_clipboard_shows_the_text_to_copy_not_copied(browser, site_server):
    context = browser.new_context(viewport={"width": 360, "height": 800})  # no clipboard permission
    tab = context.new_page()
    tab.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));"
                        "document.execCommand = () => false;")
    tab.goto(site_server.url + "agentes/")
    search(tab, "cuesta dinero")
    item = tab.locator('.answers__results > li[data-id="preguntas-frecuentes#cuesta-dinero"]')
    item.get_by_role("button", name="Copiar enlace").click()
    text = item.locator("textarea.copy-fallback__text")
    expect(text).to_be_visible()
    expect(text).to_have_value(site_server.url + "preguntas-frecuentes/#cuesta-dinero")
    expect(text).to_be_focused()
    assert text.evaluate("t => t.selectionEnd - t.selectionStart") == len(text.input_value())
    expect(item).to_contain_text("Copia este texto")
    expect(item.locator(".copy-link__note")).to_have_count(0)  # never "copied"
    context.close()

def test_without_javascript_permalinks_and_the_table_still_work(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(site_server.url + "preguntas-frecuentes/#cuesta-dinero")
    assert tab.locator("button.copy-link").count() == 0
    assert tab.locator('h2#cuesta-dinero a.headerlink[href="#cuesta-dinero"]').count() == 1
    assert tab.locator("a.language-link").get_attribute("href") == "../en/preguntas-frecuentes/"
    tab.goto(site_server.url + "en/agentes/")
    assert tab.locator(".answers__pages > li").count() > 10  # every page, linked in both languages
    assert tab.locator(".answers__pages a[hreflang=es]").count() == tab.locator(".answers__pages > li").count()
    assert tab.locator(".answers__app").is_hidden()
    context.close()
