"""Search: one small index per language, loaded by the reader's browser on first use.

Material's bundle fetches `search/search_index.json` on every page as soon as it starts,
and the i18n plugin writes every language into that one file. So the file would grow
every page's first visit as the guide grows, and a Spanish reader would also get English
results. Instead:

- `split()` turns the shared index into one index per language
  (`search/search_index.<lang>.json`, with only that language's stemmer), and leaves in
  `search/search_index.json` only the configuration, with no documents: that is all the
  bundle fetches at startup;
- `lazy_worker_url()` points Material's search worker setting (the documented way to plug
  in a custom search worker) at our small worker
  `assets/javascripts/workers/search-lazy.js`, which answers "ready" at once and loads
  the page language's index and Material's own worker on the first real query.

Standard library only. The MkDocs glue is `scripts/hooks/search.py`.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import quote

INDEX = "search/search_index.json"
LAZY_WORKER = "search-lazy.js"


def language_index_name(code: str) -> str:
    return f"search/search_index.{code}.json"


def language_of(location: str, prefixes: dict[str, str]) -> str:
    """The language of an index entry, from its URL prefix ('' is the default language)."""
    best = ""
    for code, prefix in prefixes.items():
        if prefix and location.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return next(code for code, prefix in prefixes.items() if prefix == best)


def split(index: dict, prefixes: dict[str, str]) -> dict[str, dict]:
    """One index per language code. `prefixes`: code -> URL prefix ('' for the default)."""
    out = {}
    for code in prefixes:
        config = dict(index.get("config", {}), lang=[code])
        out[code] = {"config": config, "docs": []}
    for doc in index.get("docs", []):
        out[language_of(doc.get("location", ""), prefixes)]["docs"].append(doc)
    return out


def stub(index: dict) -> dict:
    """What the bundle fetches at startup: the configuration, no documents."""
    return {"config": index.get("config", {}), "docs": []}


def write_split(site_dir: Path, prefixes: dict[str, str]) -> dict[str, Path]:
    """Split `site_dir/search/search_index.json` in place. Safe to run twice."""
    shared = site_dir / INDEX
    if not shared.is_file():
        return {}
    index = json.loads(shared.read_text(encoding="utf-8"))
    if not index.get("docs"):
        return {}  # already split (or nothing to index): keep the per-language files
    written = {}
    for code, part in split(index, prefixes).items():
        path = site_dir / language_index_name(code)
        path.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written[code] = path
    shared.write_text(json.dumps(stub(index), separators=(",", ":")), encoding="utf-8")
    return written


def lazy_worker_url(material_worker_url: str, language: str) -> str:
    """Our worker, next to Material's, told the page's language and Material's worker file.

    '../assets/javascripts/workers/search.1234.min.js' ->
    '../assets/javascripts/workers/search-lazy.js?lang=es&worker=search.1234.min.js'
    """
    folder, name = posixpath.split(material_worker_url)
    lazy = posixpath.join(folder, LAZY_WORKER) if folder else LAZY_WORKER
    return f"{lazy}?lang={quote(language)}&worker={quote(name)}"


def rewrite_config(html: str, language: str) -> str:
    """Material's `<script id="__config">` block with the search worker set to ours."""
    start_tag = '<script id="__config" type="application/json">'
    start = html.find(start_tag)
    if start < 0:
        return html
    body_start = start + len(start_tag)
    end = html.find("</script>", body_start)
    config = json.loads(html[body_start:end])
    if not config.get("search") or LAZY_WORKER in config["search"]:
        return html
    config["search"] = lazy_worker_url(config["search"], language)
    body = json.dumps(config, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return html[:body_start] + body + html[end:]
