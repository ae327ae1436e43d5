"""What the Markdown extensions know about the page being rendered.

The plugin (scripts/plugin.py) fills one `PageContext` before MkDocs renders each page; the
extensions (steps, evidence, trees, answer links, aliases) read it. Outside MkDocs (tests, a
future build without plugins) a context is made by hand: the extensions need nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

from scripts.core.errors import ContentError, ContentErrors

log = logging.getLogger("mkdocs.plugins.service-guide")


@dataclass
class PageContext:
    catalog: object | None = None  # the facts in data/ (scripts/core/facts.py)
    settings: object | None = None  # the plugin's settings (scripts/config.py)
    project: object | None = None
    language: str | None = None  # the page's language code
    page: object | None = None  # the page (scripts/core/pages.py Page): path, rel, meta
    preview: bool = False  # in `make serve`: report problems and carry on
    # Filled as the page renders, for the extensions that come later
    regions: list = field(default_factory=list)  # the step regions shown (scripts/steps/markers.py)
    tree: object | None = None  # the page's troubleshooting tree, when it is a valid one
    aliases: list = field(default_factory=list)  # moved IDs that land on this page
    answers: list = field(default_factory=list)  # everything people link to (the agents' page)
    trees: list = field(default_factory=list)  # (page path, tree) of every tree in the page's language, where asked
    topics: list = field(default_factory=list)  # the A–Z topic index (scripts/search/vocabulary.py topic_index)
    page_url: str = ""

    @property
    def labels(self) -> dict[str, str]:
        return self.catalog.site.strings(self.language) if self.catalog and self.language else {}

    @property
    def name(self) -> str:
        """The page's path as an editor types it, for messages."""
        if self.page is None:
            return "page"
        return self.project.rel(self.page.path) if self.project else str(self.page.path)

    @property
    def stem(self) -> str:
        return self.page.rel[:-3] if self.page is not None else ""

    def fail(self, err: ContentError | ContentErrors) -> None:
        """A content problem met while rendering: it stops the build with its one line, or, in
        the live preview, is printed and the page renders without that feature."""
        if not self.preview:
            raise PluginError(str(err)) from None
        for problem in (err.errors if isinstance(err, ContentErrors) else [err]):
            log.error(str(problem))


# A marker line (an HTML comment on a line of its own, e.g. `<!-- answers-table -->`) becomes
# a placeholder paragraph in a preprocessor, and that paragraph becomes generated HTML in a
# tree processor: the pair every "list it here" marker uses.

def mark_lines(lines: list[str], marker: str, placeholder: str) -> list[str]:
    """The page's lines, each one that is only `marker` replaced by `placeholder`."""
    return [placeholder if line.strip() == marker else line for line in lines]


def replace_placeholder(root, placeholder: str, build) -> object | None:
    """Put `build()` where the first placeholder paragraph is; return what it built, or None."""
    for parent in root.iter():
        for index, element in enumerate(list(parent)):
            if element.tag == "p" and (element.text or "").strip() == placeholder:
                parent.remove(element)
                built = build()
                parent.insert(index, built)
                return built
    return None

