"""The agents' page: every answer to send, with its link in every language.

The page stays small at any size of the guide. Without JavaScript it lists each page of the
guide once, linked in every language; on each page, every answer's heading carries its own
link (¶). With JavaScript, docs/assets/javascripts/agents.js adds a search field, a choice of
language and buttons that copy (or share) a reply and its link, in the box this module
leaves empty for it; on first use it loads `answers.json` (every page, answer, tree node,
step and section, with their replies).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree

from scripts.answers.collect import Answer
from scripts.answers import exports as export_files
from scripts.core.project import Project


def relative(target: str, from_url: str) -> str:
    """A site path as a link from the page at `from_url` (both relative to the site root)."""
    from mkdocs.utils import get_relative_url

    path, _, fragment = target.partition("#")
    url = get_relative_url(path or ".", from_url or ".")
    if path.endswith("/") and not url.endswith("/"):
        url += "/"
    return url + (f"#{fragment}" if fragment else "")


def index(answers: list[Answer], project: Project, language: str, page_url: str, labels: dict[str, str],
          site_path: str = "/") -> etree.Element:
    """The exports, the empty box that agents.js fills, and one entry per page."""
    codes = project.codes
    others = [c for c in codes if c != language]
    names = {code: project.language(code).name for code in codes}
    files = export_files.names(project)
    box = etree.Element("div", {"class": "answers", "data-search-exclude": "",
                                "data-answers": relative(export_files.FILES["json"], page_url),
                                "data-languages": json.dumps(names, ensure_ascii=False)})
    exports = etree.SubElement(box, "p", {"class": "answers__exports"})
    exports.text = labels.get("answers_exports", "") + " "
    for number, name in enumerate(files):
        link = etree.SubElement(exports, "a", {"href": relative(name, page_url), "download": ""})
        link.text = name
        link.tail = " · " if number < len(files) - 1 else ""
    etree.SubElement(box, "div", {"class": "answers__app", "hidden": "hidden"}).text = ""
    pages = etree.SubElement(box, "ul", {"class": "answers__pages"})
    for answer in answers:
        if answer.kind != "page":
            continue
        item = etree.SubElement(pages, "li", {"class": "answers__page", "data-id": answer.id})
        etree.SubElement(item, "span", {"class": "answers__title"}).text = answer.title[language]
        for code in others:
            if answer.title[code] != answer.title[language]:
                etree.SubElement(item, "span", {"class": "answers__other", "lang": code}).text = answer.title[code]
        for code in codes:
            line = etree.SubElement(item, "span", {"class": "answers__link"})
            line.text = f"{project.language(code).name}: "
            link = etree.SubElement(line, "a", {"href": relative(answer.path[code], page_url), "hreflang": code})
            link.text = site_path + answer.path[code]
    return box
