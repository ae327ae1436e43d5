"""The tree wizard in a real Chromium: one question at a time, back, start again, "your
answers" and "change", the path in the URL fragment (reload, language link, a shared link),
keyboard focus; with JavaScript off, plain links and the end of each path; the drawn map
(one link per node, axe); the first answers on a phone's first screen."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from playwright.sync_api import expect

from scripts.trees import model as trees
from scripts.core.pages import pairs
from scripts.core.project import Project
from scripts.core.session import Session

pytestmark = pytest.mark.browser

PROJECT = Project.here()
PROJECT_STRINGS = Session(PROJECT).catalog.site.interface  # data/site.yml: key -> {language: text}


@lru_cache(maxsize=1)
def axe_js() -> str:
    """axe-core as the accessibility tests load it (tests/test_browser_accessibility.py)."""
    from pathlib import Path

    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


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
    fragment = page.evaluate("location.hash")
    assert fragment in ("", "#" + node_id) or fragment.endswith("/" + node_id), fragment


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
        expect(page).to_have_url(re.compile(f"[#/]{target}$"))
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


# ---------------------------------------------------------------------------
# "Your answers", "Change", and the path in the URL


def long_walk() -> tuple[str, trees.Tree, tuple]:
    """A tree page and a path of at least three answers in it."""
    for path, tree in TREE_PAGES:
        for node in trees.outcomes(tree):
            for walk in trees.paths_to(tree, node.id):
                if len(walk) >= 3:
                    return path, tree, walk
    pytest.skip("no tree has a path of three answers")


def answer(page, choice) -> None:
    page.locator(f'[data-node="{choice.question.id}"] .tree-answers a[href="#{choice.answer.target}"]').click()


def summary(page) -> list[tuple[str, str]]:
    """(question, answer) for each line of "your answers"."""
    items = page.locator(".tree-trail__item")
    return [(items.nth(i).locator(".tree-trail__question").inner_text(),
             items.nth(i).locator(".tree-trail__answer").inner_text()) for i in range(items.count())]


def test_your_answers_lists_each_answer_and_change_drops_the_later_ones(page, site_server, errors):
    path, tree, walk = long_walk()
    page.goto(site_server.url + path)
    trail = page.locator("[data-tree-trail]")
    expect(trail).to_be_hidden()  # nothing answered yet
    for choice in walk[:3]:
        answer(page, choice)
    expect(trail).to_be_visible()
    assert summary(page) == [(trees.plain(c.question.title), trees.plain(c.answer.text)) for c in walk[:3]]
    expect(page).to_have_url(re.compile("#" + "/".join(c.answer.target for c in walk[:3]) + "$"))
    # "Change" says which answer it changes, to a screen reader
    change = page.locator(".tree-trail__change").first
    expect(change).to_have_accessible_name(re.compile(re.escape(trees.plain(walk[0].question.title)) + "$"))

    change.click()
    expect_node(page, tree.start)
    expect(trail).to_be_hidden()
    assert focused_id(page) == tree.start
    other = next(a for a in tree.nodes[tree.start].onward if a.target != walk[0].answer.target)
    page.locator(f'[data-node="{tree.start}"] .tree-answers a[href="#{other.target}"]').click()
    expect_node(page, other.target)
    assert summary(page) == [(trees.plain(tree.nodes[tree.start].title), trees.plain(other.text))]

    # "Change" on a later question keeps the answers before it
    page.goto(site_server.url + path)
    for choice in walk[:3]:
        answer(page, choice)
    page.locator(".tree-trail__change").nth(1).click()
    expect_node(page, walk[1].question.id)
    assert summary(page) == [(trees.plain(walk[0].question.title), trees.plain(walk[0].answer.text))]


def test_reload_language_link_and_a_shared_link_keep_the_path(browser, site_server, project, errors, page):
    path, tree, walk = long_walk()
    page.goto(site_server.url + path)
    for choice in walk[:3]:
        answer(page, choice)
    here = walk[2].answer.target
    url = page.url
    changes = page.locator(".tree-trail__change").evaluate_all("all => all.map(a => a.getAttribute('href'))")
    assert len(changes) == 3

    page.reload()
    expect_node(page, here)
    assert page.url == url
    assert page.locator(".tree-trail__change").evaluate_all("all => all.map(a => a.getAttribute('href'))") == changes

    page.locator("a.language-link").first.click()
    expect_node(page, here)
    assert page.url != url and page.url.endswith(url[url.index("#"):])
    assert page.locator(".tree-trail__change").evaluate_all("all => all.map(a => a.getAttribute('href'))") == changes
    assert page.locator(".tree-trail__item").count() == 3

    context = browser.new_context(viewport={"width": 360, "height": 800})  # someone the link was sent to
    try:
        other = context.new_page()
        other.goto(url)
        expect_node(other, here)
        assert other.locator(".tree-trail__change").evaluate_all(
            "all => all.map(a => a.getAttribute('href'))") == changes
        # Back climbs the shared path, answer by answer
        other.locator("[data-tree-back]").click()
        expect_node(other, walk[2].question.id)
        assert other.locator(".tree-trail__item").count() == 2
    finally:
        context.close()


def test_a_fragment_that_is_no_path_falls_back_to_the_shortest_way(page, site_server, errors):
    path, tree, walk = long_walk()
    target = walk[-1].answer.target
    page.goto(site_server.url + path + "#no-existe/" + target)
    expect(page.locator(f'[data-node="{target}"]')).to_be_visible()
    assert page.locator(".tree-trail__item").count() == min(len(p) for p in trees.paths_to(tree, target))
    page.goto("about:blank")
    page.goto(site_server.url + path + "#no-existe/nada")
    expect(page.locator(f'[data-node="{tree.start}"]')).to_be_visible()
    assert shown(page) == tree.start


# ---------------------------------------------------------------------------
# Without JavaScript: the end of each path


@pytest.mark.parametrize(("path", "tree"), TREE_PAGES, ids=IDS)
def test_without_javascript_every_solution_ends_with_its_marker_and_links(browser, site_server, project, path, tree):
    language = "en" if path.startswith("en/") else "es"
    words = {key: text[language] for key, text in PROJECT_STRINGS.items()}
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_server.url + path)
        for node in tree.nodes.values():
            end = page.locator(f'[data-node="{node.id}"] .tree-end')
            if not node.is_outcome:
                expect(end).to_have_count(0)
                continue
            expect(end).to_be_visible()
            expect(end.locator(".tree-end__title")).to_have_text(words["tree_end"])
            paths = trees.paths_to(tree, node.id)
            expect(end.locator(".tree-paths > li")).to_have_count(len(paths))
            start = end.locator(f'a.tree-end__start[href="#{tree.start}"]')
            expect(start).to_be_visible()
            expect(end.locator(f'a.tree-end__map[href="#{tree.map_id}"]')).to_be_visible()
            # the end is the last thing in the node
            assert page.locator(f'[data-node="{node.id}"] > :last-child').get_attribute("class") == "tree-end"
        last = trees.outcomes(tree)[-1]
        page.locator(f'[data-node="{last.id}"] a.tree-end__map').click()
        expect(page).to_have_url(re.compile(f"#{tree.map_id}$"))
        expect(page.locator(f"details#{tree.map_id} > summary")).to_be_in_viewport()
        page.locator(f'[data-node="{last.id}"] a.tree-end__start').click()
        expect(page.locator(f"h2#{tree.start}")).to_be_in_viewport()
    finally:
        context.close()


# ---------------------------------------------------------------------------
# The drawn map


@pytest.mark.parametrize(("path", "tree"), TREE_PAGES, ids=IDS)
def test_the_drawing_links_each_node_once_and_passes_axe(page, site_server, errors, path, tree):
    from tests.browsersite import reports_dir
    from tests.test_browser_accessibility import run_axe

    page.goto(site_server.url + path)
    drawing = page.locator(".tree-map .tree-diagram svg")
    expect(drawing).to_be_hidden()  # in the closed map
    page.locator(".tree-map > summary").click()
    expect(drawing).to_be_visible()
    expect(page.get_by_role("group", name=re.compile(re.escape(tree.title)))).to_have_count(1)
    assert drawing.locator("title").text_content() and drawing.locator("desc").text_content()
    links = drawing.locator("a.tree-diagram__node").evaluate_all("all => all.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted("#" + node for node in tree.nodes)
    for node in tree.nodes.values():
        expect(drawing.get_by_role("link", name=trees.plain(node.title), exact=True)).to_have_count(1)
    # natural size: the drawing scrolls inside its frame, the page never wider than the phone
    assert drawing.evaluate("e => e.getBoundingClientRect().width") == float(drawing.get_attribute("width"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert run_axe(page, axe_js()) == []
    name = path.strip("/").replace("/", "-")
    page.locator(".tree-diagram").scroll_into_view_if_needed()
    page.locator(".tree-diagram").screenshot(path=str(reports_dir("trees") / f"diagram-{name}.png"))
    # A node of the drawing shows that node, by the shortest way
    target = next(n for n in reversed(tree.nodes.values()) if n.id != tree.start)
    drawing.locator(f'a.tree-diagram__node[href="#{target.id}"]').click()
    expect_node(page, target.id)
    assert page.locator(".tree-trail__item").count() == min(len(p) for p in trees.paths_to(tree, target.id))


def test_the_keyboard_reaches_each_node_of_the_drawing_with_a_visible_ring(page, site_server, errors):
    path, tree = TREE_PAGES[0]
    page.goto(site_server.url + path)
    page.locator(".tree-map > summary").click()
    expected = page.locator(".tree-diagram a").evaluate_all("all => all.map(a => a.getAttribute('href'))")
    page.locator(".tree-map > summary").focus()
    reached = []
    for _ in expected:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('href')"))
        ring = page.evaluate("getComputedStyle(document.activeElement.querySelector('.tree-diagram__focus')).stroke")
        assert ring not in ("none", "", "rgba(0, 0, 0, 0)"), ring
    assert reached == expected


def test_the_agents_page_draws_every_tree_and_passes_axe_with_the_maps_open(page, site_server, project, errors):
    from tests.test_browser_accessibility import run_axe

    for language in project.languages:
        page.goto(site_server.url + language.prefix + "agentes/")
        maps = page.locator(".tree-maps details.tree-map")
        found = [tree for p, tree in TREE_PAGES if (p.startswith("en/") == (language.code == "en"))]
        expect(maps).to_have_count(len(found))
        for index in range(maps.count()):
            maps.nth(index).locator("summary").click()
        svgs = page.locator(".tree-maps svg.tree-diagram__svg")
        expect(svgs).to_have_count(len(found))
        assert page.locator(".tree-maps a.tree-diagram__node").count() == sum(len(t.nodes) for t in found)
        assert run_axe(page, axe_js()) == []


# ---------------------------------------------------------------------------
# The first answers on a phone's first screen


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_first_answer_starts_on_the_first_screen(browser, site_server, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        for path, tree in TREE_PAGES:
            page.goto(site_server.url + path)
            first = page.locator(f'[data-node="{tree.start}"] .tree-answers a').first
            top = first.evaluate("a => a.getBoundingClientRect().top")
            assert top < 800, (path, top)
    finally:
        context.close()


def test_the_drawings_pass_axe_in_dark_mode_too(browser, site_server, errors):
    from tests.test_browser_accessibility import run_axe

    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme="dark")
    page = context.new_page()
    try:
        for path, tree in TREE_PAGES:
            page.goto(site_server.url + path)
            page.locator(".tree-map > summary").click()
            expect(page.locator(".tree-diagram svg")).to_be_visible()
            background = page.locator(".tree-diagram").evaluate("e => getComputedStyle(e).backgroundColor")
            assert background != "rgb(255, 255, 255)", f"{path}: the drawing stays white in dark mode"
            assert run_axe(page, axe_js()) == [], path
    finally:
        context.close()
