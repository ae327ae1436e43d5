"""Python-Markdown extension: how sure the page is of what it says, and what it rests on.

- under each heading whose answer rests only on the press or on unofficial guides
  (data/answers.yml), a mark that says so;
- `[[sources: id …]]` in a sentence or a table cell: the level in a few words;
- where the page asks for it (setting `review_due_marker`), what is due for review;
- at the end of the page, its review date and its sources (the marks link there).

It runs after the steps extension (whose step lists carry their own marks) and reads the
page's front matter and step regions from the context.
"""

from __future__ import annotations

import datetime as dt

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from scripts.core.context import PageContext
from scripts.core.errors import ContentError, ContentErrors
from scripts.trust import evidence, review

PRIORITY = 27  # after the steps (28), before raw HTML blocks (20)


class EvidencePreprocessor(Preprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        context = self.context
        if context.catalog is None or context.page is None or not context.language:
            return lines
        catalog, labels, settings = context.catalog, context.labels, context.settings
        sources_id = settings.sources_id if settings else evidence.SOURCES_ID
        text = "\n".join(lines)
        try:
            procedures = list(dict.fromkeys(r.procedure_id for r in context.regions))
            found = review.for_page(procedures, context.page.meta, catalog, context.name, context.stem, text)
            text = evidence.mark_headings(text, context.stem, catalog, labels, sources_id)
            text = evidence.cite(text, catalog, labels, context.name, context.page.body_offset + 1, sources_id)
            marker = settings.review_due_marker if settings else None
            if marker and marker in text and context.project is not None:
                table = review.due_markdown(review.schedule(context.project, catalog), context.language, labels,
                                            dt.date.today())
                text = text.replace(marker, table, 1)
        except (ContentError, ContentErrors) as err:
            context.fail(err)
            return lines
        if found:
            text = text.rstrip("\n") + "\n" + review.section_markdown(found, context.language, labels, catalog.site,
                                                                      sources_id)
        return text.split("\n")


class EvidenceExtension(Extension):
    def __init__(self, context: PageContext | None = None, **kwargs):
        self.context = context or PageContext()
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(EvidencePreprocessor(md, self.context), "guide_evidence", PRIORITY)
