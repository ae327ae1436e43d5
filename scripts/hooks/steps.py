"""MkDocs hook: render procedure steps from data/ into each page, and its review and sources.

The same code as `make sync` runs here in memory, so an edit to data/ shows in
`make serve` at once; `make check` still fails until the page files are synced.
"""

from __future__ import annotations

from pathlib import Path

from scripts import catalog as catalog_module
from scripts import review, steps
from scripts.hooks import build_errors
from scripts.project import Project


def on_pre_build(config) -> None:
    with build_errors():
        catalog_module.load_cached(Project.for_config(config))


def on_page_markdown(markdown: str, page, config, files) -> str:
    project = Project.for_config(config)
    path = Path(page.file.abs_src_path)
    language = project.page_language(path)
    name = project.rel(path)
    with build_errors():
        catalog = catalog_module.load_cached(project)
        markdown, regions = steps.sync_text(markdown, language, catalog, name)
        found = review.for_page(list(dict.fromkeys(r.procedure_id for r in regions)), page.meta, catalog, name)
    if found:
        page.meta["review"] = found.context(language, catalog.site.strings(language))
    return markdown
