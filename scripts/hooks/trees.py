"""MkDocs hook: a tree page (`tree: true`) becomes one section per node, the wizard's
buttons and a map of the whole tree, rendered by overrides/partials/tree.html.

The structure comes from scripts/trees.py, which also validates it, so a broken tree
stops `make serve` with the same `path:line: message (hint)` as `make check`.
"""

from __future__ import annotations

from scripts.core import facts as catalog_module
from scripts.trees import model as trees
from scripts.core.errors import ContentErrors
from scripts.hooks import build_errors, content_hook
from scripts.core.pages import page_at
from scripts.core.project import Project

TEMPLATE = "partials/tree.html"


@content_hook
def on_page_markdown(markdown: str, page, config, files) -> str:
    return trees.mark_answers(markdown) if page.meta.get("tree") is True else markdown


@content_hook
def on_page_content(html: str, page, config, files) -> str:
    if page.meta.get("tree") is not True:
        return html
    project = Project.for_config(config)
    source = page_at(project, page.file.abs_src_path)
    if source is None:
        return html
    language = source.language
    tree = trees.from_page(source, project)
    with build_errors():
        problems = trees.validate(tree)
        if problems:
            raise ContentErrors(problems)
        ui = catalog_module.load_cached(project).site.strings(language)
    intro, nodes, outro = trees.sections(html, tree)
    template = config.theme.get_env().get_template(TEMPLATE)
    return template.render(start=tree.start, intro=intro, nodes=nodes, outro=outro,
                           outline=trees.outline(tree), ui=ui)
