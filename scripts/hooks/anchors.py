"""MkDocs hook: published anchors keep working (see scripts/anchorlock.py).

- Pages mapped under `moved:` in data/anchors.lock.yml get redirects: this hook fills
  mkdocs-redirects' `redirect_maps` for the language being built (the plugin alone does not
  know the i18n folder layout).
- IDs mapped under `moved:` stay in the built HTML: an empty element inside the new target,
  or, when the target is on another page, a short link to it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from scripts.anchors import lock as anchorlock
from scripts.answers import collect as answers
from scripts.core import facts as catalog_module
from scripts.hooks import build_errors, content_hook
from scripts.core.pages import page_at
from scripts.core.project import Project


_build: dict[str, anchorlock.Resolution] = {}  # the lock resolved once per language build


@content_hook
def on_pre_build(config):
    project = Project.for_config(config)
    with build_errors():
        _build["resolution"] = anchorlock.resolution(project, catalog_module.load_cached(project))


def _language(project: Project, files) -> str:
    for file in files.documentation_pages():
        code = project.page_language(Path(file.abs_src_path))
        if code:
            return code
    return project.default_language.code


# After the i18n plugin (-100) has set each file's URL for the language being built.
@event_priority(-110)
@content_hook
def on_files(files, config):
    project = Project.for_config(config)
    redirects = config.plugins.get("redirects")
    if redirects is None:
        return files
    language = _language(project, files)
    redirects.config["redirect_maps"] = anchorlock.redirect_maps(_build["resolution"], project, language)
    redirects.on_files(files, config=config)  # the plugin reads its map and the pages here
    return files


@content_hook
def on_page_content(content: str, page, config, files) -> str:
    project = Project.for_config(config)
    source = page_at(project, page.file.abs_src_path)
    if source is None:
        return content
    language, rel = source.language, source.rel
    aliases = _build["resolution"].aliases.get(rel)
    if not aliases:
        return content
    labels = catalog_module.load_cached(project).site.strings(language)
    pointers = []
    for alias in aliases:
        span = f'<span id="{alias.old_id}" class="anchor-alias"></span>'
        if alias.kind == "alias" and alias.target.anchor:
            pattern = re.compile(rf'<[a-zA-Z][a-zA-Z0-9]*\b[^>]*\bid="{re.escape(alias.target.anchor)}"[^>]*>')
            match = pattern.search(content)
            if match is None:
                raise PluginError(f"{project.rel(source.path)}: no element with id '{alias.target.anchor}' for the "
                                  f"moved anchor #{alias.old_id} (check data/anchors.lock.yml)")
            content = content[: match.end()] + span + content[match.end():]
        elif alias.kind == "alias":
            content = span + content
        else:
            target = _target_answer(project, alias.target, language)
            href = answers._relative(target[0], page.url)
            pointers.append(
                f'<p id="{alias.old_id}" class="anchor-moved">{html.escape(labels.get("anchor_moved", ""))} '
                f'<a href="{html.escape(href)}">{html.escape(target[1])}</a></p>')
    return content + "\n".join(pointers)


def _target_answer(project: Project, target: anchorlock.Target, language: str) -> tuple[str, str]:
    """The site path and title of a moved ID's new place, in one language."""
    with build_errors():
        collected = answers.collect_cached(project)
    wanted = target.page[:-3] + (f"#{target.anchor}" if target.anchor else "")
    found = next((a for a in collected if a.id == wanted), None)
    if found is None:  # an ID that is not an answer (raw HTML): the page's title, the ID's link
        found = next(a for a in collected if a.page == target.page and a.kind == "page")
        return found.path[language] + (f"#{target.anchor}" if target.anchor else ""), found.title[language]
    return found.path[language], found.title[language]
