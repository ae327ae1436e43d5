"""The replies agents paste: one for every page, FAQ answer and tree node, in both
languages, held to the content rules by `make check`; carried by every export, whose links
all lead to an ID of the built site."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from scripts.answers import exports, helpdesk, replies
from scripts.answers import collect
from scripts.core import check
from scripts.core.report import Report
from scripts.core.session import Session

REPLY_OF = "preguntas-frecuentes#soy-empleador"  # official, no mark: its text is the whole reply


def line_of(path, needle: str, after: int = 0) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def errors(report) -> list[str]:
    return [str(e) for e in report.errors]


def set_reply(project, answer_id: str, language: str, text: str) -> int:
    """Replace one reply's text in the copy's data/answers.yml; the line it is on."""
    path = project.data_dir / "answers.yml"
    source = path.read_text(encoding="utf-8")
    start = source.index(f"  - id: {answer_id}\n")
    match = re.compile(rf"^      {language}: .*$", re.M).search(source, start)
    path.write_text(source[:match.start()] + f"      {language}: {text}" + source[match.end():], encoding="utf-8")
    return source[:match.start()].count("\n") + 1


# ---------------------------------------------------------------------------
# Every answer has its replies


def test_every_page_faq_answer_and_tree_node_has_a_reply_in_both_languages(project):
    answers = Session(project).answers
    needed = [a for a in answers if a.kind in replies.NEEDED]
    assert len(needed) > 30
    for answer in needed:
        assert answer.reply and all(answer.reply[code].strip() for code in project.codes), answer.id
    assert not any(a.reply for a in answers if a.kind == "step"), "a reply names the procedure, not a step"
    report = Report()
    replies.check(Session(project), report)
    assert report.errors == []


def test_a_reply_carries_the_mark_its_page_shows(project):
    from scripts.core import facts

    answers = {a.id: a for a in Session(project).answers}
    labels = facts.load(project).site.strings
    # Only unofficial guides: the page marks it, and so does the reply, as its last sentence.
    image = answers["problemas/verificar-identidad#olvide-imagen"]
    assert image.reply["es"].endswith(" " + labels("es")["evidence_third_party"])
    assert image.reply["en"].endswith(" " + labels("en")["evidence_third_party"])
    # The press only.
    assert answers["preguntas-frecuentes#clave-biess"].reply["es"].endswith(labels("es")["evidence_press"])
    # Official: no mark. A page carries none (its marks are on its steps and answers).
    for ident in (REPLY_OF, "recuperar-clave", "problemas/verificar-identidad"):
        assert not any(labels(c)[k] in answers[ident].reply[c] for c in project.codes
                       for k in ("evidence_press", "evidence_third_party")), ident


@pytest.mark.parametrize("text, sentences", [
    ("Una frase.", 1),
    ("Una. Dos. Tres.", 3),
    ("Mira p. ej. esto y aquello.", 1),
    ("Entra a iess.gob.ec y sigue. ¿Ya pudiste? Bien.", 3),
    ("Según la prensa; no lo hemos visto en páginas del IESS.", 1),
    ("No «Spam». Después sigue.", 2),
    ("Sin punto final", 0),
])
def test_sentences_are_counted_as_a_reader_reads_them(text, sentences):
    assert replies.sentences(text) == sentences


def test_the_pasted_reply_ends_with_its_link_on_its_own_line():
    assert replies.pasted("Una frase.", "https://example.org/a/#b") == "Una frase.\nhttps://example.org/a/#b"


# ---------------------------------------------------------------------------
# make check: one line, at the reply, for each broken rule


@pytest.mark.parametrize("text, message", [
    ("Una. Dos. Tres. Cuatro.", "the reply has 4 sentence(s) as pasted; a chat reply has 1 to 3"),
    ("Mira https://www.iess.gob.ec/ ahora.", "the reply is not plain text ('https://')"),
    ("Usa la **clave patronal**.", "the reply is not plain text ('*')"),
    ("Entra a www.iess.gob.ec con tu clave patronal.", "the reply is not plain text ('www.')"),
    ("La clave patronal tarda 48 horas.", "the reply gives the figure(s) 48, which its page does not give"),
    ("Usted usa la clave patronal.", "usted instead of tú: 'Usted'"),
    ("Envíame tu cédula y te ayudo.", "asks for personal data: 'Envíame tu cédula'"),
    ("Abre el enlace que te llega.", "opens a link without the phishing warning: the reply lacks it"),
])
def test_each_broken_reply_is_one_error_at_its_line(project_copy, text, message):
    line = set_reply(project_copy, REPLY_OF, "es", text)
    report = check.run(project_copy, build_site=False)
    found = [e for e in errors(report) if f"answer '{REPLY_OF}'" in e]
    assert len(found) == 1, errors(report)
    assert found[0].startswith(f"data/answers.yml:{line}: answer '{REPLY_OF}', Spanish reply: {message} ("), found


def test_an_english_reply_follows_the_english_rules(project_copy):
    line = set_reply(project_copy, REPLY_OF, "en", "Open the link you got.")
    report = check.run(project_copy, build_site=False)
    assert (f"data/answers.yml:{line}: answer '{REPLY_OF}', English reply: opens a link without the phishing "
            "warning: the reply lacks it (a reply about a link says to open it only if its address ends in "
            "iess.gob.ec, as the steps do)") in errors(report)


def test_a_reply_without_its_english_text_is_an_error_at_the_reply(project_copy):
    path = project_copy.data_dir / "answers.yml"
    source = path.read_text(encoding="utf-8")
    start = source.index(f"  - id: {REPLY_OF}\n")
    english = re.compile(r"^      en: .*\n", re.M).search(source, start)
    path.write_text(source[:english.start()] + source[english.end():], encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    line = line_of(path, f"id: {REPLY_OF}") + 2  # the line of 'reply:'
    assert errors(report) == [f"data/answers.yml:{line}: answer '{REPLY_OF}' has no English reply "
                              "(add 'en:' with the English text)"]


def test_an_entry_without_a_reply_is_an_error_at_the_entry(project_copy):
    path = project_copy.data_dir / "answers.yml"
    source = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(  - id: {re.escape(REPLY_OF)}\n    sources: .*\n)    reply:\n(      .*\n)+", r"\1",
                           source), encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert errors(report) == [
        f"data/answers.yml:{line_of(path, 'id: ' + REPLY_OF)}: the FAQ answer '{REPLY_OF}' has no reply for agents "
        "(add 'reply:' with es:, en: to its entry)"]


def test_a_page_without_a_reply_is_an_error_at_its_title(project_copy):
    path = project_copy.data_dir / "answers.yml"
    source = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"  - id: seguridad\n(    .*\n)+", "", source), encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    page = project_copy.docs_dir / "es" / "seguridad.md"
    assert errors(report) == [
        f"docs/es/seguridad.md:{line_of(page, '{#seguridad}')}: the page 'seguridad' has no reply for agents "
        "(add '- id: seguridad' with 'reply:' (es, en) to data/answers.yml)"]


def test_a_page_entry_names_no_sources(project_copy):
    path = project_copy.data_dir / "answers.yml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("  - id: seguridad\n", "  - id: seguridad\n    sources: [ecuavisa-biess-2024]\n"),
                    encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert errors(report) == [
        f"data/answers.yml:{line_of(path, '- id: seguridad')}: the page 'seguridad' names sources here (a page "
        "rests on its procedures' sources and its front matter's 'sources:'; keep only its reply here)"]


def test_a_faq_entry_with_a_reply_still_names_its_sources(project_copy):
    path = project_copy.data_dir / "answers.yml"
    source = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(  - id: {re.escape(REPLY_OF)}\n)    sources: .*\n", r"\1", source), encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert errors(report) == [
        f"data/answers.yml:{line_of(path, 'id: ' + REPLY_OF)}: the FAQ answer '#soy-empleador' names no sources "
        "(add 'sources: [source-id, …]' to its entry)"]


def test_a_broken_rule_in_data_site_is_an_error_at_its_line(project_copy):
    path = project_copy.data_dir / "site.yml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace(r"never: {es: '\busted(es)?\b'}", r"never: {es: '\busted(es?\b', fr: 'vous'}"),
                    encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    line = line_of(path, r"never: {es: '\busted(es?\b'")
    found = errors(report)
    assert f"data/site.yml:{line}: reply rule 'usted instead of tú': 'fr' is not a language of the site " \
           "(use one of es, en)" in found
    assert any(e.startswith(f"data/site.yml:{line}: reply rule 'usted instead of tú': the pattern is not a valid "
                            "regular expression") for e in found), found


# ---------------------------------------------------------------------------
# A removed answer leaves the exports only through the anchor lock's `moved:`


def remove_faq_answer(project, ident: str) -> None:
    for code in project.codes:
        page = project.docs_dir / code / "preguntas-frecuentes.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(rf"\n## [^\n]*\{{#{ident}\}}\n.*?(?=\n## )", "", text, flags=re.S), encoding="utf-8")
    data = project.data_dir / "answers.yml"
    data.write_text(re.sub(rf"  - id: preguntas-frecuentes#{ident}\n(    .*\n)+", "",
                           data.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_removed_answer_leaves_the_exports_only_through_moved(project_copy):
    remove_faq_answer(project_copy, "a-cualquier-hora")
    for code in project_copy.codes:  # and its search words (front matter `search:`)
        page = project_copy.docs_dir / code / "preguntas-frecuentes.md"
        page.write_text(re.sub(r"search:\n  a-cualquier-hora: .*\n", "", page.read_text(encoding="utf-8")),
                        encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert [e for e in errors(report) if "a-cualquier-hora" in e] == [e for e in errors(report)]
    assert any(e.startswith("data/anchors.lock.yml:") and "'preguntas-frecuentes.md#a-cualquier-hora' is gone" in e
               for e in errors(report)), errors(report)
    lock = project_copy.data_dir / "anchors.lock.yml"
    lock.write_text(lock.read_text(encoding="utf-8").replace(
        "moved: {}", "moved:\n  preguntas-frecuentes.md#a-cualquier-hora: preguntas-frecuentes.md#desde-el-exterior"),
        encoding="utf-8")
    report = check.run(project_copy, build_site=False)
    assert errors(report) == []
    session = Session(project_copy)
    for name, text in exports.documents(session.answers, project_copy, project_copy.site_url, session.catalog).items():
        assert "a-cualquier-hora" not in text, name
        assert "#desde-el-exterior" in text, name


# ---------------------------------------------------------------------------
# The built exports


def test_each_export_of_the_build_has_its_documented_shape(built_site, project):
    session = Session(project)
    with_reply = [a for a in session.answers if a.reply]
    codes, names = project.codes, {c: project.language(c).name for c in project.codes}
    zendesk = helpdesk.validate_zendesk(json.loads((built_site / "zendesk-macros.json").read_text(encoding="utf-8")))
    assert len(zendesk.macros) == len(with_reply) * len(codes)
    for macro, (code, answer) in zip(zendesk.macros, [(c, a) for c in codes for a in with_reply]):
        assert macro.title == f"{names[code]}::{answer.title[code]}"  # filed in one menu per language
        [action] = macro.actions
        assert action.field == "comment_value_html"
        assert answer.url(code, project.site_url) in action.value
    freshdesk = helpdesk.validate_freshdesk(
        json.loads((built_site / "freshdesk-canned-responses.json").read_text(encoding="utf-8")))
    assert [folder.name for folder in freshdesk.canned_response_folders] == [names[c] for c in codes]
    for folder in freshdesk.canned_response_folders:
        assert len(folder.canned_responses) == len(with_reply)
    book = (built_site / "reply-book.md").read_text(encoding="utf-8")
    for code in codes:
        for answer in with_reply:
            assert f"<{answer.url(code, project.site_url)}>" in book
    data = json.loads((built_site / "answers.json").read_text(encoding="utf-8"))
    assert {row["id"]: row["reply"] for row in data["answers"] if row["reply"]} == {a.id: a.reply for a in with_reply}


def test_an_export_link_to_no_id_is_an_error_at_its_line(built_site, project, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    path = site / "zendesk-macros.json"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("preguntas-frecuentes/#cuesta-dinero", "preguntas-frecuentes/#no-such-id", 1)
    path.write_text(broken, encoding="utf-8")
    report = Report()
    collect.check_site(Session(project), site, report)
    line = broken[:broken.index("#no-such-id")].count("\n") + 1
    url = project.site_url + "preguntas-frecuentes/#no-such-id"
    assert errors(report) == [
        f"{project.rel(path)}: zendesk-macros.json does not match the pages (rebuild the site)",
        f"{project.rel(path)}:{line}: the link {url} leads to no element with id 'no-such-id' (check the page's "
        "explicit IDs, or move the ID in data/anchors.lock.yml)"]


def test_url_problems_name_each_link_that_leads_nowhere():
    ids = {"a/": {"x"}, "": {"top"}}
    text = ('{"u": "https://s.org/a/#x"}\n{"u": "https://s.org/a/#y", "v": "https://s.org/b/"}\n'
            "https://elsewhere.org/a/,https://s.org/\n")
    assert exports.url_problems(text, "https://s.org/", ids.get) == [
        (2, "the link https://s.org/a/#y leads to no element with id 'y'",
         "check the page's explicit IDs, or move the ID in data/anchors.lock.yml"),
        (2, "the link https://s.org/b/ leads to no page of the built site", "rebuild the site"),
        (3, "the link https://elsewhere.org/a/ leaves the site (https://s.org/)",
         "exports link only to the guide's own answers"),
    ]


def test_the_exports_setting_chooses_the_files(project_copy):
    config = project_copy.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      sources_id: revision-y-fuentes\n", "      sources_id: revision-y-fuentes\n      exports: [json, zendesk]\n"),
        encoding="utf-8")
    from scripts.core.project import Project

    project = Project(project_copy.root)
    session = Session(project)
    assert list(exports.documents(session.answers, project, project.site_url, session.catalog)) == [
        "answers.json", "zendesk-macros.json"]
    assert exports.names(project) == ("answers.json", "zendesk-macros.json")


def test_a_reply_the_help_desks_refuse_stops_the_build_in_one_line(project_copy):
    """Whatever passes make check publishes; what does not, never gets a traceback."""
    from scripts.core import build
    from scripts.core.errors import ContentError

    set_reply(project_copy, REPLY_OF, "es", "Mira www.iess.gob.ec.")
    session = Session(project_copy)
    with pytest.raises(ContentError) as caught:
        exports.documents(session.answers, project_copy, project_copy.site_url, session.catalog)
    assert str(caught.value).startswith("data/answers.yml: cannot export the replies: reply "
                                        f"'{REPLY_OF}': the 'es' text has a URL")
    status, output = build.run(project_copy, site_dir=project_copy.root / "site", quiet=True)
    assert status == 1 and "Traceback" not in "".join(output)
    assert any(line.startswith("data/answers.yml: cannot export the replies") for line in output), output
