"""MkDocs hook: the page's language links, interface strings and meta description.

We compute the other-language URL ourselves (same path, other prefix) instead of
relying on the theme's selector, so the link works without JavaScript and does not
depend on Material's internals.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.utils import get_relative_url

from scripts.core import facts as catalog_module
from scripts.hooks import build_errors, content_hook
from scripts.core.project import Project

log = logging.getLogger("mkdocs.hooks.site")


def built(code: str) -> bool:
    """Whether this run builds a language: a one-language preview (`make serve LANG=es`) builds
    one, and links to the others would lead nowhere."""
    only = os.environ.get("BUILD_ONLY_LOCALE")
    return not only or only == code


def alternates(project: Project, page_url: str, language: str) -> list[dict]:
    """The same page in every language: code, name, site-relative URL."""
    current = project.language(language)
    path = page_url[len(current.prefix):] if current.prefix and page_url.startswith(current.prefix) else page_url
    return [
        {"lang": lang.code, "name": lang.name, "url": lang.prefix + path, "current": lang.code == language}
        for lang in project.languages
    ]


@content_hook
def on_page_context(context, page, config, nav):
    project = Project.for_config(config)
    path = Path(page.file.abs_src_path)
    language = project.page_language(path) or project.default_language.code
    with build_errors():
        catalog = catalog_module.load_cached(project)
    if not (page.meta.get("description") or "").strip():
        log.warning(f"{project.rel(path)}: no 'description' in the front matter "
                    "(add one sentence that says what the page helps with)")
    site_url = project.site_url
    context["page_language"] = language
    context["page_alternates"] = [
        dict(item, href=get_relative_url(item["url"] or ".", page.url or "."), abs_url=site_url + item["url"])
        for item in alternates(project, page.url, language) if built(item["lang"])
    ]
    context["ui"] = catalog.site.strings(language)
    context["portal_url"] = catalog.site.portal
    return context


@content_hook
def on_template_context(context, template_name, config):
    """Static templates (404.html, sitemap.xml) get the strings of the language being built."""
    project = Project.for_config(config)
    language = config.theme.get("language") or project.default_language.code
    with build_errors():
        catalog = catalog_module.load_cached(project)
    context.setdefault("ui", catalog.site.strings(language if language in project.codes else project.codes[0]))
    context.setdefault("portal_url", catalog.site.portal)
    return context
