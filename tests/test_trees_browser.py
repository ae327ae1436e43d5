"""The tree wizard in a real Chromium: one question at a time, back, start again, the URL
fragment following the node, keyboard focus; and with JavaScript off, plain links."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scripts.trees import model as trees
from scripts.core.pages import pairs
from scripts.core.project import Project

pytestmark = pytest.mark.browser

PROJECT = Project.here()


def tree_pages() -> list[tuple[str, trees.Tree]]:
    """(URL path, tree) for every tree page in every language."""
    out = []
    for _, versions in sorted(pairs(PROJECT).items()):
        for code, source in versions.items():
            if trees.is_tree(source):
                out.append((PROJECT.language(code).prefix + source.url, trees.from_page(source, PROJECT)))
    return out


TREE_PAGES = tree_pages()
IDS = [path for path, _ in TREE_PAGES]


def with_restart() -> tuple[str, trees.Tree, trees.Node]:
    for path, tree in TREE_PAGES:
        for node in tree.nodes.values():
            if any(a.restart for a in node.answers):
                return path, tree, node
    pytest.skip("no tree has a 'start again' answer")


def shown(page) -> str:
    """The one node on screen."""
    visible = page.locator("[data-node]:not([hidden])")
    expect(visible).to_have_count(1)
    return visible.get_attribute("data-node")


def expect_node(page, node_id: str) -> None:
    expect(page.locator(f'[data-node="{node_id}"]')).to_be_visible()
    assert shown(page) == node_id
    assert page.evaluate("location.hash") in ("", "#" + node_id)


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


@pytest.fixture
def errors(page):
    found: list[str] = []
    page.on("pageerror", lambda err: found.append(str(err)))
    yield found
    assert found == [], found


@pytest.mark.parametrize(("path", "tree"), TREE_PAGES, ids=IDS)
def test_click_through_to_an_outcome_then_back_to_the_start(page, site_server, errors, path, tree):
    page.goto(site_server.url + path)
    expect_node(page, tree.start)
    back = page.locator("[data-tree-back]")
    again = page.locator("[data-tree-restart]")
    expect(back).to_be_hidden()
    expect(again).to_be_hidden()

    trail = [tree.start]
    while tree.nodes[trail[-1]].kind == tree.classes.question:
        answer = page.locator(f'[data-node="{trail[-1]}"] .tree-answers a:not(.tree-restart)').first
        target = answer.get_attribute("href")[1:]
        answer.click()
        expect(page).to_have_url(re.compile(f"#{target}$"))
        expect_node(page, target)
        assert focused_id(page) == target, "focus should move to the new node's heading"
        trail.append(target)
    assert tree.nodes[trail[-1]].is_outcome
    expect(back).to_be_visible()
    expect(again).to_be_visible()

    for previous in reversed(trail[:-1]):
        back.click()
        expect_node(page, previous)  # the page's first entry may have no fragment
        assert page.url.startswith(site_server.url + path)
    expect(back).to_be_hidden()


def test_reload_and_browser_back_keep_the_node(page, site_server, errors):
    path, tree = TREE_PAGES[0]
    page.goto(site_server.url + path)
    first = page.locator(f'[data-node="{tree.start}"] .tree-answers a').first
    target = first.get_attribute("href")[1:]
    first.click()
    expect_node(page, target)
    page.reload()
    expect_node(page, target)
    assert page.evaluate("location.hash") == "#" + target
    page.go_back()
    expect_node(page, tree.start)
    page.go_forward()
    expect_node(page, target)


def test_a_shared_link_opens_its_node_and_back_climbs_the_tree(page, site_server, errors):
    path, tree = max(TREE_PAGES, key=lambda item: len(item[1].nodes))
    deep = next(n for n in reversed(tree.nodes.values()) if n.id != tree.start)
    page.goto(site_server.url + path + "#" + deep.id)
    expect_node(page, deep.id)
    back = page.locator("[data-tree-back]")
    expect(back).to_be_visible()
    while shown(page) != tree.start:
        here = shown(page)
        back.click()
        parent = shown(page)
        assert any(a.target == here for a in tree.nodes[parent].answers), (parent, here)
        assert page.url.startswith(site_server.url + path), "back must stay on the page"
    expect(back).to_be_hidden()


def test_start_again_answer_and_button(page, site_server, errors):
    path, tree, node = with_restart()
    page.goto(site_server.url + path + "#" + node.id)
    expect_node(page, node.id)
    page.locator(f'[data-node="{node.id}"] a.tree-restart').click()
    expect_node(page, tree.start)
    expect(page).to_have_url(re.compile(f"#{tree.start}$"))
    page.goto(site_server.url + path + "#" + node.id)
    page.locator("[data-tree-restart]").click()
    expect_node(page, tree.start)


def test_keyboard_only(page, site_server, errors):
    path, tree = TREE_PAGES[0]
    page.goto(site_server.url + path)
    answer = page.locator(f'[data-node="{tree.start}"] .tree-answers a').first
    target = answer.get_attribute("href")[1:]
    answer.focus()
    page.keyboard.press("Enter")
    expect_node(page, target)
    assert focused_id(page) == target
    heading = page.locator(f"h2#{target}")
    expect(heading).to_be_in_viewport()
    # The next Tab stops inside the new node, not back at the top of the page.
    page.keyboard.press("Tab")
    inside = page.evaluate(f"document.querySelector('[data-node=\"{target}\"]').contains(document.activeElement)")
    assert inside
    page.locator("[data-tree-back]").focus()
    page.keyboard.press("Enter")
    expect_node(page, tree.start)
    assert focused_id(page) == tree.start


def test_a_table_of_contents_link_shows_that_node(page, site_server, errors):
    path, tree = TREE_PAGES[0]
    last = list(tree.nodes)[-1]
    page.goto(site_server.url + path)
    page.evaluate(f"location.hash = '#{last}'")  # what a link outside the tree does
    expect_node(page, last)
    page.locator("[data-tree-back]").click()
    expect_node(page, tree.start)


@pytest.mark.parametrize(("path", "tree"), TREE_PAGES, ids=IDS)
def test_without_javascript_links_reach_every_node(browser, site_server, path, tree):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_server.url + path)
        expect(page.locator("[data-node][hidden]")).to_have_count(0)
        expect(page.locator(".tree-controls")).to_be_hidden()
        reached, queue = {tree.start}, [tree.start]
        while queue:
            links = page.locator(f'[data-node="{queue.pop()}"] .tree-answers a')
            for index in range(links.count()):
                target = links.nth(index).get_attribute("href")[1:]
                expect(page.locator(f"h2#{target}")).to_be_visible()
                if target not in reached:
                    reached.add(target)
                    queue.append(target)
        assert reached == set(tree.nodes)
        # A click is a plain jump to the node, with its own fragment.
        link = page.locator(f'[data-node="{tree.start}"] .tree-answers a').last
        target = link.get_attribute("href")[1:]
        link.click()
        expect(page).to_have_url(re.compile(f"#{target}$"))
        expect(page.locator(f"h2#{target}")).to_be_in_viewport()
    finally:
        context.close()


def test_pages_without_a_tree_are_left_alone(page, site_server, errors):
    page.goto(site_server.url)
    assert page.evaluate("document.querySelector('.tree--wizard, [data-tree]')") is None


@pytest.mark.parametrize(("path", "tree"), TREE_PAGES[:2], ids=IDS[:2])
def test_axe_finds_nothing_in_the_wizard_states(page, site_server, errors, path, tree):
    """The states a page load never shows: the map open, and a deeper node after a click."""
    from pathlib import Path

    import axe_playwright_python

    page.goto(site_server.url + path)
    page.locator(".tree-map > summary").click()
    answer = page.locator(f'[data-node="{tree.start}"] .tree-answers a').last
    answer.click()
    page.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
