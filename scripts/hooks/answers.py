"""MkDocs hook: the agents' table, the help-desk exports, FAQ structured data, script strings.

All of it comes from scripts/answers.py, so the table, answers.json, answers.csv and the
FAQPage JSON-LD list the same answers with the same links.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from scripts.answers import collect as answers
from scripts.core import facts as catalog_module
from scripts.hooks import build_errors, content_hook
from scripts.core.pages import page_at
from scripts.core.project import Project


def _collected(project: Project) -> list[answers.Answer]:
    with build_errors():
        return answers.collect_cached(project)


@content_hook
def on_page_content(content: str, page, config, files) -> str:
    project = Project.for_config(config)
    source = page_at(project, page.file.abs_src_path)
    if source is None:
        return content
    language = source.language
    labels = catalog_module.load_cached(project).site.strings(language)
    if answers.TABLE_MARKER in content:
        site_path = urlsplit(project.site_url).path or "/"
        table = answers.table(_collected(project), project, language, page.url, labels, site_path)
        content = content.replace(answers.TABLE_MARKER, table, 1)
    if answers.page_kind(source) == "faq":
        page.meta["faq_jsonld"] = answers.faq_jsonld(content, language, project.site_url + page.url)
    return content


@content_hook
def on_pre_build(config):
    catalog = catalog_module.load_cached(Project.for_config(config))
    if problem := answers.missing_strings(catalog):
        raise PluginError(str(problem))


@content_hook
def on_page_context(context, page, config, nav):
    project = Project.for_config(config)
    language = project.page_language(Path(page.file.abs_src_path)) or project.default_language.code
    strings = catalog_module.load_cached(project).site.strings(language)
    context["script_strings"] = {key: strings[key] for key in answers.SCRIPT_STRINGS}
    return context


@content_hook
def on_post_build(config):
    project = Project.for_config(config)
    answers.write_exports(Path(config.site_dir), _collected(project), project, project.site_url)
