"""Every word a reader sees or hears is in the page's language: no English from the theme on
a Spanish page.

The theme (Material) translates its own strings by `theme.language`, but some of its
English never went through that (the footer's "Made with"), and some of ours replaced its
English ones. Two lists keep them out:

- `REPLACED`: the theme's English strings we replace or remove, and where. A theme update
  that brings one back fails `make check`.
- the theme's own English strings (its language file `partials/languages/en.html`) that
  its translation into the page's language changes: found in a page of that language,
  they mean a string escaped its translation.

`check_site` reads the text and the `title`, `aria-label`, `placeholder` and `alt` of each
built page that is not in English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from scripts.core.errors import ContentError, Lines
from scripts.core.report import Report

# The theme's English strings that we replace or remove: string -> how.
REPLACED = {
    "Made with": "mkdocs.yml `extra.generator: false`; the tools are credited on the page about the guide",
    "Permanent link": "the heading links of scripts/answers/extension.py, titled in the page's language",
    "Redirecting": "overrides/partials/redirect.html, in the page's language (data/site.yml redirect_*)",
    "Copy to clipboard": "the copy-link buttons of docs/assets/javascripts/links.js (data/site.yml copy_link)",
    "Type to start searching": "the guide's own search (docs/assets/javascripts/search.js)",
}
SOURCE_LANGUAGE = "en"
_PAIR_RE = re.compile(r'^\s*"([\w.]+)":\s*"((?:[^"\\]|\\.)*)"', re.M)
_SKIP_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)


@lru_cache(maxsize=None)
def theme_strings(language: str) -> dict[str, str]:
    """The theme's interface strings in one language (its `partials/languages/<code>.html`)."""
    try:
        import material
    except ImportError:  # another theme: only our own list applies
        return {}
    path = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{language}.html"
    if not path.is_file():
        return {}
    return {key: value.replace('\\"', '"') for key, value in _PAIR_RE.findall(path.read_text(encoding="utf-8"))}


@lru_cache(maxsize=None)
def english_strings(language: str) -> tuple[str, ...]:
    """What must not appear on a page in `language`: our list, and the theme's English strings
    that its translation into `language` changes (short or empty ones are left out)."""
    english, translated = theme_strings(SOURCE_LANGUAGE), theme_strings(language)
    found = set(REPLACED)
    for key, text in english.items():
        if key in ("language", "direction") or "{" in text or len(text) < 6 or text == "Material for MkDocs":
            continue
        if translated.get(key, text) != text:
            found.add(text)
    return tuple(sorted(found, key=len, reverse=True))


@lru_cache(maxsize=None)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in words))


def find(html: str, language: str) -> list[tuple[int, str]]:
    """(line, English string) for each one a reader of `language` would see or hear: in the
    text of the page, or in a title, aria-label, placeholder or alt (never in a script)."""
    if language == SOURCE_LANGUAGE:
        return []
    # A plain substring search per string first (fast): most pages contain none of them.
    present = tuple(w for w in english_strings(language) if w in html)
    if not present:
        return []
    blanked = _SKIP_RE.sub(lambda m: "\n" * m.group(0).count("\n"), html)  # keep line numbers
    pattern = _pattern(present)
    lines = Lines(blanked)
    found = []
    for hit in pattern.finditer(blanked):
        start = hit.start()
        tag_open, tag_close = blanked.rfind("<", 0, start), blanked.rfind(">", 0, start)
        if tag_close < tag_open and not _ATTR_BEFORE_RE.search(blanked[tag_open:start]):
            continue  # inside a tag, but not in an attribute a reader meets
        found.append((lines.at(start), hit.group(0)))
    return sorted(set(found))


# The hit is inside the value of one of these attributes (the tag's text up to the hit).
_ATTR_BEFORE_RE = re.compile(r'\b(?:title|aria-label|placeholder|alt)="[^"]*$')


def check_site(session, site_dir: Path, report: Report) -> None:
    built = session.site(site_dir)
    project = session.project
    codes = set(project.codes)
    found: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (language, text) -> where
    for path in built.html_files():
        page = built.page(path)
        language = page.lang.split("-")[0].lower() if page.lang else ""
        if language not in codes:
            continue
        for line, text in find(built.text(path), language):
            found.setdefault((language, text), []).append((project.rel(path), line))
    # One line per string: it comes from a template, so every page has it.
    for (language, text), where in sorted(found.items()):
        pages = {p for p, _ in where}
        more = f" (and on {len(pages) - 1} more page(s))" if len(pages) > 1 else ""
        how = REPLACED.get(text, "translate it through data/site.yml, or hide it")
        report.error(ContentError(where[0][0], where[0][1],
                                  f"English text from the theme on a page in '{language}': \"{text}\"{more}", how))
