"""One search index per language, loaded on first use (scripts/searchindex.py)."""

from __future__ import annotations

import json

from scripts import searchindex

PREFIXES = {"es": "", "en": "en/"}
INDEX = {
    "config": {"lang": ["es", "en"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"], "fields": {}},
    "docs": [
        {"location": "", "title": "Inicio", "text": ""},
        {"location": "problemas/correo-no-llega/", "title": "El correo", "text": ""},
        {"location": "en/", "title": "Home", "text": ""},
        {"location": "en/problemas/correo-no-llega/#x", "title": "Email", "text": ""},
        {"location": "enlaces/", "title": "Enlaces (Spanish, despite the 'en')", "text": ""},
    ],
}


def test_split_puts_each_entry_in_its_language_with_only_that_stemmer():
    parts = searchindex.split(INDEX, PREFIXES)
    assert [d["title"] for d in parts["es"]["docs"]] == ["Inicio", "El correo", "Enlaces (Spanish, despite the 'en')"]
    assert [d["title"] for d in parts["en"]["docs"]] == ["Home", "Email"]
    assert parts["es"]["config"]["lang"] == ["es"] and parts["en"]["config"]["lang"] == ["en"]
    assert parts["es"]["config"]["separator"] == INDEX["config"]["separator"]


def test_write_split_leaves_a_stub_and_is_safe_to_run_twice(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    written = searchindex.write_split(tmp_path, PREFIXES)
    assert sorted(written) == ["en", "es"]
    stub = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"] == INDEX["config"]
    assert searchindex.write_split(tmp_path, PREFIXES) == {}  # the second run keeps the split files
    es = json.loads((tmp_path / "search" / "search_index.es.json").read_text(encoding="utf-8"))
    assert len(es["docs"]) == 3


def test_rewrite_config_points_the_worker_at_the_lazy_one():
    html = ('<p>x</p><script id="__config" type="application/json">'
            '{"base": "..", "search": "../assets/javascripts/workers/search.ab12.min.js"}</script>')
    out = searchindex.rewrite_config(html, "en")
    config = json.loads(out[out.index(">{") + 1: out.index("</script>")])
    assert config["search"] == "../assets/javascripts/workers/search-lazy.js?lang=en&worker=search.ab12.min.js"
    assert config["base"] == ".."
    assert searchindex.rewrite_config(out, "en") == out
    assert searchindex.rewrite_config("<p>no config</p>", "es") == "<p>no config</p>"


def test_built_site_has_a_small_stub_and_one_index_per_language(built_site, project):
    stub = json.loads((built_site / searchindex.INDEX).read_text(encoding="utf-8"))
    assert stub["docs"] == [], "search_index.json must stay empty: every page loads it at startup"
    assert (built_site / "assets/javascripts/workers" / searchindex.LAZY_WORKER).is_file()
    for lang in project.languages:
        part = json.loads((built_site / searchindex.language_index_name(lang.code)).read_text(encoding="utf-8"))
        assert part["docs"], f"no documents in the {lang.code} index"
        assert part["config"]["lang"] == [lang.code]
        others = [d["location"] for d in part["docs"]
                  if searchindex.language_of(d["location"], {x.code: x.prefix for x in project.languages}) != lang.code]
        assert not others
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert f"search-lazy.js?lang={project.default_language.code}&" in page
