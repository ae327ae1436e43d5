"""Python-Markdown extension: IDs that moved keep working (data/anchors.lock.yml `moved:`).

An old ID whose new place is on the same page becomes an empty element inside the new
target (or at the top of the page), so an old link still scrolls there without JavaScript.
An old ID whose new place is on another page becomes a short "this moved" link to it, at
the end of the page. The plugin puts the page's aliases in the context (scripts/anchors/lock.py
`Resolution.aliases`, with the pointers' links already made relative to this page).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from scripts.core.context import PageContext
from scripts.core.errors import ContentError


@dataclass(frozen=True)
class PageAlias:
    """One old ID on this page: an alias of `target` (None: the top of the page), or a
    pointer to another page (`href`, `title`)."""

    old_id: str
    target: str | None = None
    href: str | None = None
    title: str = ""


class Aliases(Treeprocessor):
    def __init__(self, md, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        if not self.context.aliases:
            return
        by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
        for alias in self.context.aliases:
            if alias.href is not None:
                pointer = etree.SubElement(root, "p", {"id": alias.old_id, "class": "anchor-moved"})
                pointer.text = self.context.labels.get("anchor_moved", "") + " "
                etree.SubElement(pointer, "a", {"href": alias.href}).text = alias.title
                continue
            span = etree.Element("span", {"id": alias.old_id, "class": "anchor-alias"})
            if alias.target is None:
                root.insert(0, span)
            elif alias.target in by_id:
                target = by_id[alias.target]
                span.tail, target.text = target.text, None
                target.insert(0, span)
            else:
                self.context.fail(ContentError(
                    self.context.name, None, f"no element with id '{alias.target}' for the moved anchor "
                    f"#{alias.old_id}", "check data/anchors.lock.yml"))


class AliasExtension(Extension):
    def __init__(self, context: PageContext | None = None, **kwargs):
        self.context = context or PageContext()
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # after MkDocs has checked the page's links (0): a pointer's link is a site URL
        md.treeprocessors.register(Aliases(md, self.context), "guide_aliases", -1)
