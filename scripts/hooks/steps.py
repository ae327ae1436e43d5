"""MkDocs hook: render procedure steps from data/ into each page, mark claims by their evidence,
and end the page with its review date and sources.

The same code as `make sync` runs here in memory, so an edit to data/ shows in
`make serve` at once; `make check` still fails until the page files are synced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scripts.core import facts as catalog_module
from scripts.trust import evidence
from scripts.trust import review
from scripts.steps import markers as steps
from scripts.hooks import build_errors, content_hook
from scripts.core.pages import page_at
from scripts.core.project import Project


@content_hook
def on_pre_build(config) -> None:
    with build_errors():
        catalog_module.load_cached(Project.for_config(config))


@content_hook
def on_page_markdown(markdown: str, page, config, files) -> str:
    project = Project.for_config(config)
    source = page_at(project, page.file.abs_src_path)
    if source is None:
        return markdown
    language, name, stem = source.language, project.rel(Path(source.path)), source.rel[:-3]
    with build_errors():
        catalog = catalog_module.load_cached(project)
        labels = catalog.site.strings(language)
        markdown, regions = steps.sync_text(markdown, language, catalog, name)
        found = review.for_page(list(dict.fromkeys(r.procedure_id for r in regions)), page.meta, catalog, name,
                                stem, markdown)
        markdown = evidence.mark_headings(markdown, stem, catalog, labels)
        markdown = evidence.cite(markdown, catalog, labels, name, source.body_offset + 1)
        if review.DUE_MARKER in markdown:
            table = review.due_markdown(review.schedule(project, catalog), language, labels, dt.date.today())
            markdown = markdown.replace(review.DUE_MARKER, table, 1)
    if found:
        markdown = markdown.rstrip("\n") + "\n" + review.section_markdown(found, language, labels, catalog.site)
    return markdown
