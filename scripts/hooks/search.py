"""MkDocs hook: one search index per language, loaded on first use (see scripts/searchindex.py).

- `lazy_search` template filter: overrides/main.html passes Material's `config` block
  through it, which points the search worker setting at our lazy worker;
- after the build, the shared index is split per language. This runs after the i18n
  plugin (priority -100), which writes the merged index of every language last.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority

from scripts import searchindex
from scripts.hooks import content_hook
from scripts.core.project import Project


@content_hook
def on_env(env, config, files):
    env.filters["lazy_search"] = lambda html, language: searchindex.rewrite_config(str(html), language)
    return env


@event_priority(-200)
@content_hook
def on_post_build(config):
    project = Project.for_config(config)
    prefixes = {lang.code: lang.prefix for lang in project.languages}
    searchindex.write_split(Path(config.site_dir), prefixes)
