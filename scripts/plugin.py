"""The guide's one MkDocs plugin: thin event methods over the feature modules.

State lives on the plugin object: the project, this build's session (the facts in data/,
the pages and their IDs, read once), the context the Markdown extensions read for the page
being rendered, and the 404 pages rendered in each language. The language of a page is
known in one place: its folder (scripts/core/pages.py `page_at`, through the session).

What can be done in Markdown is done by Python-Markdown extensions (steps, evidence, trees,
answer links, aliases), registered here and fed through the context; what is site-wide is
the post-build pass (scripts/publishing/postbuild.py), which `make build` runs after MkDocs
and the live preview runs after each rebuild.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url, write_file

from scripts.anchors.extension import AliasExtension, PageAlias
from scripts.answers import faq
from scripts.answers.collect import SCRIPT_STRINGS, missing_strings, page_kind
from scripts.answers.extension import AnswerLinksExtension
from scripts.config import GuideConfig
from scripts.core.context import PageContext
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project
from scripts.core.session import Session
from scripts.search import vocabulary as search_words
from scripts.search.extension import TopicIndexExtension
from scripts.steps.extension import StepsExtension
from scripts.trees import model as trees
from scripts.trees.extension import TreeExtension
from scripts.trust.extension import EvidenceExtension

PREVIEW_ENV = "GUIDE_PREVIEW"  # set by `make serve` (scripts/core/preview.py)
ONLY_ENV = "BUILD_ONLY_LOCALE"  # a one-language preview
SEARCH_PREFIX = "search_"  # the search's strings in data/site.yml


class GuidePlugin(BasePlugin[GuideConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.context = PageContext()
        self.project: Project | None = None
        self.session: Session | None = None  # set by `make build` and `make check`, else one per build
        self.given = False  # the session came from outside (scripts/core/build.py)
        self.not_found: dict[str, str] = {}  # language -> its rendered 404 page
        self.memo: dict = {}  # kept across the preview's rebuilds (scripts/core/session.py)

    # -- the build

    def on_startup(self, command, dirty):
        # Having this event keeps one plugin object for every rebuild of `mkdocs serve`.
        self.given = self.session is not None

    def on_config(self, config):
        if self.given:
            self.project = self.session.project
        elif self.session is None or self.session.stale():
            self.project = Project(Path(config.config_file_path).resolve().parent)
        self.project.__dict__["settings"] = self.config  # already validated by MkDocs
        self.context.project, self.context.settings = self.project, self.config
        self.context.preview = os.environ.get(PREVIEW_ENV) == "1"
        if not any(isinstance(e, StepsExtension) for e in config.markdown_extensions):
            config.markdown_extensions += [
                StepsExtension(self.context), EvidenceExtension(self.context), TreeExtension(self.context),
                AnswerLinksExtension(self.context), AliasExtension(self.context), TopicIndexExtension(self.context)]
        return config

    def on_pre_build(self, config):
        # One session while the sources stay the same: every language of one build shares it,
        # and a rebuild of the preview after an edit gets a new one.
        if not self.given and (self.session is None or self.session.stale()):
            self.session = Session(self.project, memo=self.memo)
        try:
            self.context.catalog = self.session.catalog
            if problem := missing_strings(self.session.catalog):
                raise problem
        except (ContentError, ContentErrors) as err:
            self.context.catalog = None
            self.context.fail(err)

    def on_page_markdown(self, markdown, page, config, files):
        source = self.session.page_at(page.file.abs_src_path)
        context = self.context
        context.page, context.language, context.page_url = source, source.language if source else None, page.url
        context.tree, context.aliases, context.answers, context.trees, context.topics = None, [], [], [], []
        if source is None or context.catalog is None:
            return markdown
        try:
            if trees.is_tree(source):
                tree = trees.from_page(source, self.project)
                if problems := trees.validate(tree):
                    raise ContentErrors(problems)
                context.tree = tree
            context.aliases = self._aliases(source, page.url)
            if self.config.agents_marker in markdown:
                context.answers = self.session.answers
            if self.config.tree_maps_marker in markdown:
                context.trees = self.session.trees.get(source.language, [])
            if self.config.topic_index_marker in markdown:
                vocab = self.session.vocabularies[source.language]
                context.topics = search_words.topic_index(vocab, search_words.resolver(self.session.lock))
        except (ContentError, ContentErrors) as err:
            context.fail(err)
        return markdown

    def on_page_content(self, html, page, config, files):
        source = self.context.page
        if source is not None and page_kind(source) == "faq":
            page.meta["faq_jsonld"] = faq.faq_jsonld(html, source.language, self.project.site_url + page.url)
        return html

    def on_page_context(self, context, page, config, nav):
        source = self.session.page_at(page.file.abs_src_path)
        language = source.language if source else self.project.default_language.code
        if source is not None and not (page.meta.get("description") or "").strip():
            from scripts.core.context import log

            log.warning(f"{self.project.rel(source.path)}: no 'description' in the front matter "
                        "(add one sentence that says what the page helps with)")
        self._frame(context, language)
        context["page_alternates"] = [
            dict(lang, href=get_relative_url(lang["url"] or ".", page.url or "."),
                 abs_url=self.project.site_url + lang["url"])
            for lang in self._alternates(page.url, language)]
        strings = self.context.catalog.site.strings(language) if self.context.catalog else {}
        context["script_strings"] = {key: strings[key] for key in SCRIPT_STRINGS if key in strings}
        context["search_words"] = search_words.page_words(page.meta) or None
        index_url = self.project.language(language).prefix + self.config.topic_index_page[:-3] + "/"
        context["topics_href"] = get_relative_url(index_url, page.url or ".")
        return context

    def on_template_context(self, context, template_name, config):
        """Static templates (404.html, sitemap.xml) get the strings of the language being built;
        the 404 page its links to every language's start and to every page."""
        language = self._building(config)
        self._frame(context, language)
        if template_name == self.config.not_found_page:
            self._not_found_context(context, language)
        return context

    def on_post_template(self, output, template_name, config):
        if template_name == self.config.not_found_page:
            self.not_found[self._building(config)] = output
        return output

    def on_post_build(self, config):
        # Each language's 404 page in its folder. The i18n plugin renders each language's 404
        # to the same file, the last one winning; every build writes all those rendered so far,
        # so the last build (whichever order) leaves each one in its place.
        site = Path(config.site_dir)
        for code, output in self.not_found.items():
            write_file(output.encode("utf-8"), str(site / self.project.language(code).prefix /
                                                   self.config.not_found_page))
        if self.context.preview and self.session is not None:
            from scripts.publishing import postbuild

            try:  # `make build` runs it itself, once, after MkDocs
                postbuild.run(self.session, site, preview=True)
            except (ContentError, ContentErrors) as err:
                self.context.fail(err)

    # -- helpers

    def _building(self, config) -> str:
        """The language of this build (the i18n plugin sets the theme's language per language)."""
        code = config.theme.get("language") or self.project.default_language.code
        return code if code in self.project.codes else self.project.default_language.code

    def _frame(self, context, language: str) -> None:
        catalog = self.context.catalog
        context["page_language"] = language
        context["ui"] = catalog.site.strings(language) if catalog else {}
        # The search (docs/assets/javascripts/search.js): its strings, and where it links
        # without JavaScript (the topic index), as an absolute path: static templates too.
        context["search_ui"] = {key[len(SEARCH_PREFIX):]: text for key, text in context["ui"].items()
                                if key.startswith(SEARCH_PREFIX)}
        root = self.project.site_path if self.project.site_path.endswith("/") else self.project.site_path + "/"
        index_page = self.config.topic_index_page
        context["topics_href"] = root + self.project.language(language).prefix + index_page[:-3] + "/"
        context["portal_url"] = catalog.site.portal if catalog else ""

    def _alternates(self, page_url: str, language: str) -> list[dict]:
        """The same page in every language that this run builds: code, name, site-relative URL."""
        only = os.environ.get(ONLY_ENV)
        current = self.project.language(language)
        path = page_url[len(current.prefix):] if current.prefix and page_url.startswith(current.prefix) else page_url
        return [{"lang": lang.code, "name": lang.name, "url": lang.prefix + path, "current": lang.code == language}
                for lang in self.project.languages if not only or only == lang.code]

    def _aliases(self, source, page_url: str) -> list[PageAlias]:
        """The moved IDs that land on this page, with pointers' links made relative to it."""
        if not self.session.lock.moved:
            return []  # nothing moved: no need to read every page's IDs
        found = self.session.resolution.aliases.get(source.rel, [])
        out = []
        for alias in found:
            if alias.kind == "alias":
                out.append(PageAlias(alias.old_id, alias.target.anchor))
                continue
            wanted = alias.target.page[:-3] + (f"#{alias.target.anchor}" if alias.target.anchor else "")
            answers = self.session.answers
            target = next((a for a in answers if a.id == wanted), None) or next(
                a for a in answers if a.page == alias.target.page and a.kind == "page")
            path = target.path[source.language]
            if target.id != wanted and alias.target.anchor:
                path += f"#{alias.target.anchor}"
            from scripts.answers.agents import relative

            out.append(PageAlias(alias.old_id, href=relative(path, page_url), title=target.title[source.language]))
        return out

    def _not_found_context(self, context, language: str) -> None:
        project = self.project
        root = project.site_path if project.site_path.endswith("/") else project.site_path + "/"
        homes = {lang.code: root + lang.prefix for lang in project.languages}
        strings = {code: self.context.catalog.site.strings(code) for code in project.codes} if self.context.catalog \
            else {code: {} for code in project.codes}
        index = self.config.topic_index_page[:-3] + "/"
        context["not_found"] = {
            "home": homes[language],
            "topics": homes[language] + index,
            "guides": _guides(context.get("nav"), root, homes[language]),
            # GitHub Pages serves one 404.html for every address: each other language gets a
            # line of its own, with its start and its topic index.
            "others": [{"lang": code, "home": homes[code], "title": strings[code].get("not_found_title", ""),
                        "home_text": strings[code].get("not_found_home", ""),
                        "topics": homes[code] + index, "topics_text": strings[code].get("search_topics", "")}
                       for code in project.codes if code != language],
        }
        context["page_alternates"] = [
            {"lang": lang.code, "name": lang.name, "href": homes[lang.code], "current": lang.code == language}
            for lang in project.languages]


def _guides(nav, root: str, home: str) -> list[dict]:
    """Every page of the navigation except the home page, in order, as absolute paths."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, MkDocsPage) and root + item.url != home:
                out.append({"title": item.title, "url": root + item.url})
            elif getattr(item, "children", None):
                walk(item.children)

    walk(nav.items if nav else [])
    return out
