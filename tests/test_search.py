"""The site search (scripts/search/): matching, words people use, indexes.

The browser half (the same matching in textmatch.js, the dialog) is in
tests/test_browser_search.py; the ranking is measured by bench/search_report.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from scripts.search import index as sitesearch
from scripts.search.match import distance, matches, normalize, stem, term_matches, terms
from scripts.search.vocabulary import Vocabulary, topic_index

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.yml"


# ------------------------------------------------------------------ normalisation

@pytest.mark.parametrize("variants", [
    ("olvide", "olvidé", "OLVIDÉ", "Olvidé"),
    ("contrasena", "contraseña", "CONTRASEÑA"),
    ("cedula", "cédula", "CÉDULA"),
    ("como", "cómo", "CÓMO"),
])
def test_case_and_accents_never_matter(variants):
    assert len({normalize(v) for v in variants}) == 1
    assert len({tuple(terms(v, "es")) for v in variants}) == 1


def test_punctuation_and_apostrophes():
    assert terms("¿No te llega el correo?", "es") == ["lleg", "corre"]
    assert terms("I didn't get the e-mail", "en") == terms("i didnt get the e mail", "en")


def test_small_words_are_dropped_but_numbers_stay():
    assert terms("a qué hora", "es") == ["hor"]
    assert terms("open 24/7", "en") == ["open", "24", "7"]


# ------------------------------------------------------------------ stemming

@pytest.mark.parametrize("lang, family", [
    ("es", ["olvidé", "olvidaste", "olvido", "olvidas"]),
    ("es", ["bloqueada", "bloqueo", "bloquear", "bloqueado", "bloqueadas"]),
    ("es", ["actualizar", "actualización", "actualiza", "actualizaste"]),
    ("es", ["contraseña", "contraseñas"]),
    ("es", ["llega", "llegó", "llegar"]),
    ("es", ["correo", "correos"]),
    ("en", ["locked", "lock", "locks", "locking"]),
    ("en", ["arrive", "arrives", "arrived", "arriving"]),
    ("en", ["email", "emails"]),
    ("en", ["identity", "identities"]),
    ("en", ["log", "logged", "logging"]),
])
def test_a_word_family_shares_one_stem(lang, family):
    stems = {stem(normalize(word), lang) for word in family}
    assert len(stems) == 1, stems


def test_stemming_keeps_what_must_stay_apart():
    assert stem("iess", "es") == "iess"  # no plural 's' off a double s
    assert stem("biess", "es") == "biess"
    assert stem("status", "en") == "status"
    assert stem("empleador", "es") != stem("empleado", "es")
    assert stem("pin", "es") == "pin"  # short words are left alone


# ------------------------------------------------------------------ typo tolerance

@pytest.mark.parametrize("query, text, lang", [
    ("contrasena", "Tu contraseña", "es"),
    ("mi usuario esta bloquedo", "Tu usuario está bloqueado", "es"),
    ("desbloquar", "desbloquear la clave", "es"),
    ("acount lockd", "Account locked", "en"),
    ("passwrod", "password", "en"),  # 8+ letters: two edits (a swap)
    ("olvid", "Olvidaste tu clave", "es"),  # the last word may be unfinished
])
def test_one_typo_still_matches(query, text, lang):
    assert matches(query, text, lang)


@pytest.mark.parametrize("query, text, lang", [
    ("pan", "pin", "es"),  # 3 letters: no typo allowed
    ("correo", "clave", "es"),
    ("emial", "email", "en"),  # a swap is two edits: too many for 5 letters
    ("clave correo", "la clave", "es"),  # every word must match
    ("", "clave", "es"),
])
def test_no_match(query, text, lang):
    assert not matches(query, text, lang)


def test_distance_stops_early():
    assert distance("kitten", "sitting", 3) == 3
    assert distance("kitten", "sitting", 1) == 2  # only 'more than 1'


# ------------------------------------------------------------------ words people use

PAGE = """<!doctype html><html lang="{lang}"><head><title>x</title>
<script type="application/json" id="search-words">{words}</script></head>
<body><nav>Menú clave</nav><article class="md-content__inner md-typeset">
<h1 id="guia">¿Olvidaste tu clave?<a class="headerlink" href="#guia">¶</a></h1>
<p>Crea una clave nueva con tu correo.</p>
<h2 id="costo">¿Cuánto cuesta?</h2><p>Nada. Es gratis.</p>
<div data-search-exclude><p>tabla de respuestas</p></div>
<footer class="page-review"><p>Fuentes: diario</p></footer>
</article></body></html>"""


@pytest.fixture
def mini_site(tmp_path) -> tuple[Path, Path]:
    site, data = tmp_path / "site", tmp_path / "data"
    for prefix, lang, words in (("", "es", {"guia": ["perdí el acceso"]}), ("en/", "en", {})):
        folder = site / prefix / "guia"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(PAGE.format(lang=lang, words=json.dumps(words)), encoding="utf-8")
    (site / "viejo").mkdir()
    (site / "viejo" / "index.html").write_text(
        '<html lang="es"><head><meta http-equiv="refresh" content="0; url=../guia/"></head></html>', encoding="utf-8")
    data.mkdir()
    (data / "es.yml").write_text(yaml.safe_dump({
        "synonyms": [["clave", "contraseña", "pin"], ["gratis", "sin costo", "plata"]],
        "topics": [{"word": "Olvido de contraseña", "answer": "guia.md"}],
    }, allow_unicode=True), encoding="utf-8")
    return site, data


def _vocabularies(data: Path) -> dict:
    return {lang: Vocabulary.load(data / f"{lang}.yml", lang) for lang in ("es", "en")}


def _index(site: Path, lang: str) -> dict:
    return json.loads((site / "search" / f"{lang}.json").read_text(encoding="utf-8"))


def test_synonyms_and_search_words_count_but_are_never_displayed(mini_site):
    site, data = mini_site
    sitesearch.write(site, _vocabularies(data))
    docs = _index(site, "es")["docs"]
    guide = next(d for d in docs if d["u"] == "guia/")
    cost = next(d for d in docs if d["u"] == "guia/#costo")
    # found by the words people use …
    assert "pin" in guide["f"]["ts"].split()  # an equivalent of the title's 'clave'
    assert {"perdi", "acces"} <= set(guide["f"]["w"].split())  # front matter
    assert {"olvid", "contrasen"} <= set(guide["f"]["w"].split())  # the topic index entry
    assert "plat" in cost["f"]["s"].split()  # an equivalent of the text's 'gratis'
    # … never shown
    shown = " ".join(normalize(d[k]) for d in docs for k in ("u", "p", "t", "x"))
    for word in ("contrasena", "pin", "perdi", "acceso", "plata", "sin costo", "olvido de"):
        assert word not in shown, word
    assert guide["t"] == "¿Olvidaste tu clave?" and cost["p"] == "¿Olvidaste tu clave?"
    assert cost["x"] == "Nada. Es gratis."


def test_only_the_answer_text_is_indexed(mini_site):
    site, data = mini_site
    sitesearch.write(site, _vocabularies(data))
    fields = " ".join(" ".join(d["f"].values()) for d in _index(site, "es")["docs"])
    for outside in ("menu", "tabla", "fuent", "diari"):  # navigation, excluded block, sources footer
        assert outside not in fields.split(), outside
    assert [d["u"] for d in _index(site, "es")["docs"]] == ["guia/", "guia/#costo"]  # no redirect page


def test_one_index_per_language_from_html_lang(mini_site):
    site, data = mini_site
    written = sitesearch.write(site, _vocabularies(data))
    assert {path.stem for path in written} == {"es", "en"}
    assert all(d["u"].startswith("en/") for d in _index(site, "en")["docs"])
    # no English vocabulary file: English gets no Spanish synonyms
    assert all(not d["f"]["ts"] and not d["f"]["s"] for d in _index(site, "en")["docs"])


def test_search_words_for_an_unknown_id_are_left_out_of_the_index(mini_site):
    """`make check` reports them (tests/mistakes.py); the index builder never fails on them."""
    site, data = mini_site
    page = site / "guia" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('"guia"', '"no-existe"', 1), encoding="utf-8")
    sitesearch.write(site, _vocabularies(data))
    guide = next(d for d in _index(site, "es")["docs"] if d["u"] == "guia/")
    assert "perdi" not in guide["f"]["w"].split()


def test_a_typo_never_changes_the_first_letter():
    assert term_matches("olvdo", "olvido") and term_matches("contrasena", "contrasenia")
    assert not term_matches("xiess", "iess") and not term_matches("bloque", "cloque")


# ------------------------------------------------------------------ the real site and data

def test_the_built_site_has_an_index_per_language_of_its_own_pages(built_site, project):
    for lang in project.languages:
        docs = _index(built_site, lang.code)["docs"]
        assert len(docs) > 50
        for doc in docs:
            other = [p.prefix for p in project.languages if p.prefix and p.code != lang.code]
            assert doc["u"].startswith(lang.prefix) and not any(doc["u"].startswith(o) for o in other), doc["u"]
            assert doc["t"] and "¶" not in doc["t"]


def test_the_built_pages_show_no_search_words(built_site, project):
    """Front-matter search words are in a JSON data block only, never in the page's text."""
    for lang in project.languages:
        vocab = Vocabulary.load(project.data_dir / "search" / f"{lang.code}.yml", lang.code)
        assert vocab.groups and vocab.topics and not vocab.problems
    page = (built_site / "seguridad" / "index.html").read_text(encoding="utf-8")
    block = page.split('id="search-words">', 1)[1].split("</script>", 1)[0]
    body = page.split("<body", 1)[1]
    for word in json.loads(block)["seguridad"]:
        assert word not in body, word


@pytest.mark.parametrize("lang", ["es", "en"])
def test_topic_entries_lead_to_answers_that_exist(project, built_site, lang):
    vocab = Vocabulary.load(project.data_dir / "search" / f"{lang}.yml", lang)
    prefix = project.language(lang).prefix
    for topic in vocab.topics:
        page, _, frag = topic.answer.partition("#")
        html = built_site / prefix / page.removesuffix(".md").removesuffix("index") / "index.html"
        assert html.is_file(), topic
        assert not frag or f'id="{frag}"' in html.read_text(encoding="utf-8"), topic
    letters = [letter for letter, _ in topic_index(vocab)]
    assert letters == sorted(letters)


def test_the_query_set_is_complete_and_its_targets_exist(built_site):
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    by_lang = {lang: [q for q in queries if q["lang"] == lang] for lang in ("es", "en")}
    assert len(by_lang["es"]) >= 42 and len(by_lang["en"]) >= 42
    texts = [q["q"] for q in queries]
    for known in ("contraseña", "olvide", "olvidé mi clave", "forgot password", "me llamaron pidiendo mi clave",
                  "correo de otra persona", "is it available at night", "Recuperar Clave IESS Con Correo"):
        assert known in texts, known
    for q in queries:
        assert set(q) <= {"q", "lang", "expect", "note"} and q["expect"], q
        for target in q["expect"]:
            page, _, frag = target.partition("#")
            base = built_site / ("" if q["lang"] == "es" else q["lang"])
            html = base / page.removesuffix(".md").removesuffix("index") / "index.html"
            assert html.is_file(), (q["q"], target)
            assert not frag or f'id="{frag}"' in html.read_text(encoding="utf-8"), (q["q"], target)
