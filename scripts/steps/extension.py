"""Python-Markdown extension: the steps between `<!-- steps: … -->` and `<!-- /steps -->`,
rendered from data/ in the page's language (the same code as `make sync`).

`make sync` writes the same Markdown into the page files; rendering it again here means an
edit to data/procedures.yml shows in the preview at once, and a page whose markers were
edited by hand still shows the data's steps.

    markdown.markdown(text, extensions=["md_in_html", "attr_list", "admonition",
                                        StepsExtension(context=PageContext(catalog=…, language="es"))])
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from scripts.core.context import PageContext
from scripts.core.errors import ContentError, ContentErrors
from scripts.steps import markers

PRIORITY = 28  # before Python-Markdown's raw HTML blocks (20), so the step lists are Markdown


class StepsPreprocessor(Preprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        context = self.context
        context.regions = []
        text = "\n".join(lines)
        if context.catalog is None or not context.language or "steps" not in text:
            return lines
        try:
            sources_id = context.settings.sources_id if context.settings else markers.evidence.SOURCES_ID
            text, context.regions = markers.sync_text(text, context.language, context.catalog, context.name,
                                                      sources_id)
        except (ContentError, ContentErrors) as err:
            context.fail(err)
            return lines
        return text.split("\n")


class StepsExtension(Extension):
    def __init__(self, context: PageContext | None = None, **kwargs):
        self.context = context or PageContext()
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(StepsPreprocessor(md, self.context), "guide_steps", PRIORITY)
