"""Shared fixtures: the project, one strict build of the site per test session, a server for it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scripts.core import build
from scripts.core.project import Project
from tests.siteserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent
# The parts of the project a build needs; copied for tests that break things on purpose.
BUILD_INPUTS = ("mkdocs.yml", "docs", "overrides", "data", "scripts", "deploy")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once, strictly, into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    status, output = build.run(Project(ROOT), site_dir=site)
    assert status == 0, "the strict build failed:\n" + "".join(output)
    return site


@pytest.fixture(scope="session")
def site_server(built_site):
    with SiteServer(built_site) as server:
        yield server


def copy_project(target: Path) -> Project:
    """A throwaway copy of the build inputs, to break on purpose."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return Project(target)


@pytest.fixture
def project_copy(tmp_path) -> Project:
    return copy_project(tmp_path)


def pytest_configure(config):
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Per module, not per session: Playwright's sync API keeps an asyncio loop running in
    the main thread while it is open, and other tests (the link checker) use asyncio.run.
    """
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab at phone size, closed after the test."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=1)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, as the axe-playwright-python package ships it (no download at run time)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
