"""Every setting of the guide plugin, with its type and default.

`mkdocs.yml` lists the plugin and the settings this site changes:

    plugins:
      - service-guide:
          tree_classes: {question: pregunta, solution: solucion, ...}

The defaults are neutral English words, so the generator carries no language and no fact
about one public service: those live in `mkdocs.yml`, `data/` and `docs/`. (Facts that
editors change, such as the official domains or how old a review may be, live in
`data/site.yml`, where the checks point at their line.)
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

EXPORT_FORMATS = ("json", "csv", "zendesk", "freshdesk", "reply-book")


class TreeClasses(Config):
    """The classes that make a `##` heading a node of a troubleshooting tree."""

    question = c.Type(str, default="question")
    solution = c.Type(str, default="solution")
    in_person = c.Type(str, default="in-person")  # a solution that sends the reader to an office
    start = c.Type(str, default="start")  # the one start node
    restart = c.Type(str, default="restart")  # on an answer: the one loop allowed, back to the start


class GuideConfig(Config):
    """The guide plugin's settings (scripts/plugin.py)."""

    enabled = c.Type(bool, default=True)

    # Where the facts are: procedures, sources, answers, the site's own words
    data_dir = c.Type(str, default="data")

    # Steps: `<!-- steps: procedure-id [step …] -->` … `<!-- /steps -->` in a page
    # (the marker words are fixed; see scripts/steps/markers.py)

    # Troubleshooting trees: pages with `tree: true`
    tree_classes = c.SubConfig(TreeClasses)
    tree_diagram = c.Type(bool, default=True)  # draw each tree as an inline SVG map
    tree_map_id = c.Type(str, default="map")  # the ID of the map's block on a tree page (end links point to it)
    tree_maps_marker = c.Type(str, default="<!-- tree-maps -->")  # where a page shows every tree's map and paths

    # Answers people link to
    sources_id = c.Type(str, default="sources")  # the ID of the review and sources section that ends a page
    agents_marker = c.Type(str, default="<!-- answers-table -->")  # where the agents' page lists every answer
    review_due_marker = c.Type(str, default="<!-- review-due -->")  # where a page lists what is due for review
    topic_index_marker = c.Type(str, default="<!-- topic-index -->")  # where a page lists the A–Z topics (data/search/)
    topic_index_page = c.Type(str, default="indice.md")  # the page with the topic index: the search's link without JavaScript
    exports = c.ListOfItems(c.Choice(EXPORT_FORMATS), default=list(EXPORT_FORMATS))
    reply_max_sentences = c.Type(int, default=3)  # a reply agents paste in a chat (data/answers.yml)

    # Plain language, per language code; a language not listed takes "default"
    readability_min = c.Type(dict, default={"default": 70.0})  # reading-ease score a page must reach
    readability_min_words = c.Type(int, default=60)  # pages shorter than this are not scored
    max_sentence_words = c.Type(int, default=25)  # a longer sentence is a warning

    # Search: synonyms and everyday words, one file per language (<dir>/<code>.yml)
    search_words_dir = c.Type(str, default="data/search")

    # Publishing: the example nginx server (make headers) and the 404 pages
    nginx_conf = c.Type(str, default="deploy/nginx.conf")
    nginx_example_url = c.Type(str, default="https://guide.example.org/")
    nginx_root = c.Type(str, default="/srv/guide/site")
    not_found_page = c.Type(str, default="404.html")
