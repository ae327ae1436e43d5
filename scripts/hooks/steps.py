"""MkDocs hook: render procedure steps from data/ into each page, and its review and sources.

The same code as `make sync` runs here in memory, so an edit to data/ shows in
`make serve` at once; `make check` still fails until the page files are synced.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import catalog as catalog_module
from scripts import review, steps
from scripts.errors import ContentError, ContentErrors
from scripts.project import Project


def on_pre_build(config) -> None:
    try:
        catalog_module.load_cached(Project.for_config(config))
    except (ContentError, ContentErrors) as err:
        raise PluginError(str(err)) from None


def on_page_markdown(markdown: str, page, config, files) -> str:
    project = Project.for_config(config)
    path = Path(page.file.abs_src_path)
    language = project.page_language(path)
    name = project.rel(path)
    try:
        catalog = catalog_module.load_cached(project)
        markdown, regions = steps.sync_text(markdown, language, catalog, name)
        found = review.for_page(list(dict.fromkeys(r.procedure_id for r in regions)), page.meta, catalog, name)
    except (ContentError, ContentErrors) as err:
        raise PluginError(str(err)) from None
    if found:
        page.meta["review"] = found.context(language, catalog.site.strings(language))
    return markdown
