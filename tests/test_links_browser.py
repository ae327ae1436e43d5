"""In a real Chromium: copy-link buttons, the language link that keeps the fragment, the agents' filter."""

from __future__ import annotations

import pytest

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
    assert status.get_attribute("class") == "md-visually-hidden"


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


def test_agents_table_filter_and_copy(tab, site_server):
    tab.goto(site_server.url + "agentes/")
    rows = tab.locator(".answers__table tbody tr")
    total = rows.count()
    field = tab.get_by_label("Filtrar la tabla")
    field.fill("biess")
    tab.wait_for_function("document.querySelector('.answers__count').textContent !== ''")
    visible = tab.locator(".answers__table tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert tab.locator(".answers__count").inner_text() == f"{visible.count()} de {total} filas"
    for text in visible.all_inner_texts():
        assert "biess" in text.lower()
    # Accents and case do not matter.
    field.fill("DIRECCION")
    tab.wait_for_timeout(300)
    assert tab.locator(".answers__table tbody tr:not([hidden])").count() > 0
    field.fill("")
    tab.wait_for_timeout(300)
    assert tab.locator(".answers__table tbody tr:not([hidden])").count() == total
    row = tab.locator("tr", has=tab.locator('a[href$="en/preguntas-frecuentes/#cuesta-dinero"]'))
    row.locator('td[lang="en"] button.copy-link').click()
    assert clipboard(tab) == site_server.url + "en/preguntas-frecuentes/#cuesta-dinero"


def test_without_javascript_permalinks_and_the_table_still_work(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(site_server.url + "preguntas-frecuentes/#cuesta-dinero")
    assert tab.locator("button.copy-link").count() == 0
    assert tab.locator('h2#cuesta-dinero a.headerlink[href="#cuesta-dinero"]').count() == 1
    assert tab.locator("a.language-link").get_attribute("href") == "../en/preguntas-frecuentes/"
    tab.goto(site_server.url + "en/agentes/")
    assert tab.locator(".answers__table tbody tr").count() > 100
    assert tab.locator(".answers__filter").count() == 0
    context.close()
