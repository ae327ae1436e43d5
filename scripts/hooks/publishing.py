"""MkDocs hook: the files a host needs besides the pages.

- `404.html` in every language: the i18n plugin builds each language's 404 page to the
  same `site/404.html`, the last one winning; we keep each and write it to its language's
  folder (`404.html`, `en/404.html`). Hosts that serve one 404 page for the whole site
  (GitHub Pages) show the default language's, which points to the others too.
- `robots.txt`, with an absolute `Sitemap:` line: the site URL differs per host (SITE_URL).
- `_headers`, the security headers, with the CSP hashes of the built pages' inline
  scripts (scripts/headers.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from scripts.publishing import headers
from scripts.core.facts import load_cached
from scripts.hooks import content_hook
from scripts.core.project import Project

# Each language's rendered 404 page, kept until the last build of the run writes them.
# (Not cleared in on_config: the i18n plugin runs it again for each language.)
_not_found: dict[str, str] = {}


def _language(config, project: Project) -> str:
    code = config.theme.get("language") or project.default_language.code
    return code if code in project.codes else project.default_language.code


def _root(config) -> str:
    """The site's path on its host: '/' or, on a project site, '/repository/'."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _guides(nav, root: str, home: str) -> list[dict]:
    """Every page of the navigation except the home page, in order, as absolute paths."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, Page) and root + item.url != home:
                out.append({"title": item.title, "url": root + item.url})
            elif getattr(item, "children", None):
                walk(item.children)

    walk(nav.items if nav else [])
    return out


@content_hook
def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    project = Project.for_config(config)
    language = _language(config, project)
    strings = {code: load_cached(project).site.strings(code) for code in project.codes}
    root = _root(config)
    homes = {lang.code: root + lang.prefix for lang in project.languages}
    context["not_found"] = {
        "home": homes[language],
        "guides": _guides(context.get("nav"), root, homes[language]),
        "others": [{"lang": code, "home": homes[code], "title": strings[code]["not_found_title"],
                    "home_text": strings[code]["not_found_home"]}
                   for code in project.codes if code != language],
    }
    # The notice bar's language link (overrides/main.html) goes to the other language's start.
    context["page_alternates"] = [
        {"lang": lang.code, "name": lang.name, "href": homes[lang.code], "current": lang.code == language}
        for lang in project.languages
    ]
    context["page_language"] = language
    return context


@content_hook
def on_post_template(output, template_name, config):
    if template_name == "404.html":
        _not_found[_language(config, Project.for_config(config))] = output
    return output


@event_priority(-200)  # after the i18n plugin, whose post-build step builds the other languages
@content_hook
def on_post_build(config):
    project = Project.for_config(config)
    site = Path(config.site_dir)
    for code, html in _not_found.items():
        write_file(html.encode("utf-8"), str(site / project.language(code).prefix / "404.html"))
    robots = ("# Every page may be indexed. The sitemap lists each page in every language.\n"
              "User-agent: *\nAllow: /\n\n"
              f"Sitemap: {_absolute(config.site_url or project.site_url)}sitemap.xml\n")
    (site / "robots.txt").write_text(robots, encoding="utf-8")
    (site / headers.HEADERS_FILE).write_text(
        headers.headers_file(headers.policy(headers.script_hashes(site))), encoding="utf-8")


def _absolute(url: str) -> str:
    return url if url.endswith("/") else url + "/"
