"""Python-Markdown extension: the A–Z topic index where a page asks for it.

    this Markdown                 this Markdown, then HTML as usual
    <!-- topic-index -->    ->    ## B {#letra-b}
                                  - [Biess](preguntas-frecuentes.md#clave-biess)
                                  …

The entries come from the context (`topics`: scripts/search/vocabulary.py `topic_index`,
moves already followed); their links are links between Markdown files, so MkDocs checks
each one like any other link on the page.
"""

from __future__ import annotations

import posixpath

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from scripts.core.context import PageContext
from scripts.search.match import normalize

LETTER_ID = "letra-{}"  # the ID of each letter's heading (ASCII, the same in every language)
DEFAULT_MARKER = "<!-- topic-index -->"


def markdown_lines(topics, page_rel: str) -> list[str]:
    """The index as Markdown: a heading per letter, a list of links (relative to the page)."""
    here = posixpath.dirname(page_rel)
    lines: list[str] = []
    for letter, items in topics:
        lines += [f"## {letter} {{#{LETTER_ID.format(normalize(letter).lower())}}}", ""]
        lines += [f"- [{word}]({posixpath.relpath(answer, here or '.')})" for word, answer in items]
        lines.append("")
    return lines


class TopicIndex(Preprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        settings = self.context.settings
        marker = settings.topic_index_marker if settings else DEFAULT_MARKER
        if not any(line.strip() == marker for line in lines):
            return lines
        rel = self.context.page.rel if self.context.page is not None else ""
        out: list[str] = []
        for line in lines:
            out += markdown_lines(self.context.topics, rel) if line.strip() == marker else [line]
        return out


class TopicIndexExtension(Extension):
    def __init__(self, context: PageContext | None = None, **kwargs):
        self.context = context or PageContext()
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # before the steps and trees (their preprocessors read headings)
        md.preprocessors.register(TopicIndex(md, self.context), "guide_topic_index", 35)
