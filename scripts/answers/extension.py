"""Python-Markdown extension: links to answers.

- Each heading with an explicit ID ends with a link to itself, titled in the page's
  language (the table of contents' permalink says "Permanent link" in every language).
  docs/assets/javascripts/links.js adds a copy button beside it.
- A link to an answer lands below the "not official" notice at the top of the page, out
  of sight. So the page opens with the notice's words once more, shown by the style sheet
  only while a heading is the URL's target (`.landing-notice`, in site.css): one short
  line under the header, no script.
- Where the agents' page asks for it (setting `agents_marker`), the list of the guide's
  pages with their links in every language, and the box that agents.js fills with every
  answer (scripts/answers/agents.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from scripts.answers import agents
from scripts.core.context import PageContext, mark_lines, replace_placeholder

PLACEHOLDER = "\u0002guide-answers-table\u0003"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LANDING_NOTICE = "landing-notice"  # the notice repeated where a link lands (site.css)


class AgentsMarker(Preprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        settings = self.context.settings
        marker = settings.agents_marker if settings else "<!-- answers-table -->"
        return mark_lines(lines, marker, PLACEHOLDER)


class AnswerLinks(Treeprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        labels = self.context.labels
        title = labels.get("permalink_title", "")
        linked = False
        for element in root.iter():
            if element.tag in HEADINGS and element.get("id"):
                link = etree.SubElement(element, "a", {"class": "headerlink", "href": "#" + element.get("id"),
                                                       "title": title})
                link.text = "\u00b6"
                linked = True
        if linked and labels.get("notice"):
            # After the title: the search index keeps the page's first section as it was.
            notice = etree.Element("p", {"class": LANDING_NOTICE, "data-search-exclude": ""})
            notice.text = labels["notice"]
            title = next((index for index, element in enumerate(root) if element.tag == "h1"), -1)
            root.insert(title + 1, notice)

class AgentsIndex(Treeprocessor):
    """Runs after MkDocs has checked the page's links: the list's links are site URLs in
    every language, not links between Markdown files."""

    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        replace_placeholder(root, PLACEHOLDER, self._index)

    def _index(self) -> etree.Element:
        context = self.context
        project = context.project
        site_path = project.site_path if project else "/"
        return agents.index(context.answers, project, context.language, context.page_url, context.labels, site_path)


class AnswerLinksExtension(Extension):
    def __init__(self, context: PageContext | None = None, **kwargs):
        self.context = context or PageContext()
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(AgentsMarker(md, self.context), "guide_agents_marker", 29)
        # after the table of contents (5) has collected the headings
        md.treeprocessors.register(AnswerLinks(md, self.context), "guide_answer_links", 4)
        md.treeprocessors.register(AgentsIndex(md, self.context), "guide_agents_index", -1)
