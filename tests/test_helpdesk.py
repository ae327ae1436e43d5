"""Help-desk import files: Zendesk macros, Freshdesk canned responses and the Markdown reply book."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from scripts.answers import helpdesk
from scripts.answers.helpdesk import HelpdeskFormatError, HelpdeskInputError, Reply

LANGUAGES = ["es", "en"]
NAMES = {"es": "Español", "en": "English"}
BOOK_TITLE = {"es": "Respuestas para agentes", "en": "Replies for agents"}
REPLIES = [
    Reply(id="preguntas-frecuentes#cuesta-dinero", kind="answer",
          title={"es": "¿Cuesta *dinero*?", "en": "Does it cost *money*?"},
          text={"es": 'No. El trámite es "gratis" & sin <intermediarios>.',
                "en": 'No. It is "free" & needs no <middlemen>.'},
          url={"es": "https://example.org/preguntas-frecuentes/#cuesta-dinero",
               "en": "https://example.org/en/preguntas-frecuentes/#cuesta-dinero"}),
    Reply(id="recuperar-clave", kind="page",
          title={"es": "Recuperar la clave_personal", "en": "Recover the personal_key #"},
          text={"es": "1. Abra el enlace del correo. Dura 24 horas & no se repite.",
                "en": "# Open the link in the e-mail. It lasts [24] hours &copy; `once`."},
          url={"es": "https://example.org/recuperar-clave/?paso=1&vista=corta",
               "en": "https://example.org/en/recuperar-clave/"}),
    Reply(id="problemas/correo-no-llega#revisar-spam", kind="node",
          title={"es": "El correo no llega: 'spam'", "en": "The e-mail does not arrive: 'spam'"},
          text={"es": "Revise la carpeta de correo no deseado.\n  Puede tardar unos minutos.",
                "en": "Check the spam folder. It can take a few minutes."},
          url={"es": "https://example.org/problemas/correo-no-llega/#revisar-spam",
               "en": "https://example.org/en/problemas/correo-no-llega/#revisar-spam"}),
]


def plain(value: str) -> str:
    return " ".join(value.split())


class Blocks(HTMLParser):
    """The text of each block element, and the links, of an HTML fragment."""

    BLOCKS = ("h1", "h2", "p")

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self._block: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in self.BLOCKS:
            self._block = []
        if tag == "a":
            self._link = (dict(attrs)["href"], [])

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self._block is not None:
            self.blocks.append((tag, "".join(self._block)))
            self._block = None
        if tag == "a" and self._link:
            self.links.append((self._link[0], "".join(self._link[1])))
            self._link = None

    def handle_data(self, data):
        if self._block is not None:
            self._block.append(data)
        if self._link:
            self._link[1].append(data)


def comment_html(macro: dict) -> str:
    [value] = [action["value"] for action in macro["actions"] if action["field"] == "comment_value_html"]
    return value


def assert_reply_html(source: str, reply: Reply, language: str) -> None:
    """The reply's text, escaped, then a paragraph whose only content is the link to its URL."""
    parsed = Blocks(source)
    url = reply.url[language]
    assert parsed.blocks == [("p", plain(reply.text[language])), ("p", url)]
    assert parsed.links == [(url, url)]
    assert set(parsed.tags) == {"p", "a"}, "no markup comes from the text"
    assert source.endswith("</a></p>"), "the link ends the reply"


# --- Zendesk ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zendesk():
    return helpdesk.zendesk_macros(REPLIES, LANGUAGES, NAMES)


def test_zendesk_file_has_the_documented_shape(zendesk):
    parsed = helpdesk.validate_zendesk(zendesk)
    assert list(zendesk) == ["macros"]
    assert len(parsed.macros) == len(REPLIES) * len(LANGUAGES)


def test_one_macro_per_reply_and_language_languages_first(zendesk):
    expected = [f"{reply.id} [{language}]" for language in LANGUAGES for reply in REPLIES]
    assert [macro["description"] for macro in zendesk["macros"]] == expected


def test_zendesk_titles_are_filed_under_the_language(zendesk):
    macros = iter(zendesk["macros"])
    for language in LANGUAGES:
        for reply in REPLIES:
            assert next(macros)["title"] == f"{NAMES[language]}::{reply.title[language]}"
    assert zendesk["macros"][0]["title"] == "Español::¿Cuesta *dinero*?"


def test_zendesk_macro_adds_the_reply_as_a_comment(zendesk):
    macros = iter(zendesk["macros"])
    for language in LANGUAGES:
        for reply in REPLIES:
            macro = next(macros)
            assert macro["active"] is True
            assert [action["field"] for action in macro["actions"]] == ["comment_value_html"]
            assert_reply_html(comment_html(macro), reply, language)


def test_zendesk_html_is_escaped(zendesk):
    spanish = comment_html(zendesk["macros"][0])
    assert "&amp; sin &lt;intermediarios&gt;" in spanish
    assert "<intermediarios>" not in spanish
    link = comment_html(zendesk["macros"][1])
    assert 'href="https://example.org/recuperar-clave/?paso=1&amp;vista=corta"' in link


def test_zendesk_collection_is_a_menu_above_the_languages():
    doc = helpdesk.zendesk_macros(REPLIES[:1], LANGUAGES, NAMES, collection="Guía")
    assert doc["macros"][0]["title"] == "Guía::Español::¿Cuesta *dinero*?"
    helpdesk.validate_zendesk(doc)


def test_a_double_colon_in_a_title_makes_no_stray_menu():
    reply = Reply("a", "answer", {"es": "Paso::uno"}, {"es": "Texto."}, {"es": "https://example.org/a"})
    [macro] = helpdesk.zendesk_macros([reply], ["es"], {"es": "Español"})["macros"]
    assert macro["title"] == "Español::Paso:uno"


# --- Freshdesk -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def freshdesk():
    return helpdesk.freshdesk_canned_responses(REPLIES, LANGUAGES, NAMES)


def test_freshdesk_file_has_the_documented_shape(freshdesk):
    helpdesk.validate_freshdesk(freshdesk)


def test_one_folder_per_language_with_every_reply_in_order(freshdesk):
    folders = freshdesk["canned_response_folders"]
    assert [folder["name"] for folder in folders] == ["Español", "English"]
    for folder, language in zip(folders, LANGUAGES):
        titles = [response["title"] for response in folder["canned_responses"]]
        assert titles == [f"[{NAMES[language]}] {reply.title[language]}" for reply in REPLIES]
        for response, reply in zip(folder["canned_responses"], REPLIES):
            assert response["visibility"] == 0, "visible to all agents"
            assert_reply_html(response["content_html"], reply, language)


def test_freshdesk_html_is_escaped(freshdesk):
    html = freshdesk["canned_response_folders"][1]["canned_responses"][0]["content_html"]
    assert "&amp; needs no &lt;middlemen&gt;" in html


def test_each_response_with_its_folder_id_is_a_documented_create_body(freshdesk):
    bodies = helpdesk.freshdesk_request_bodies(freshdesk, {"Español": 101, "English": 202})
    assert [body["folder_id"] for body in bodies] == [101] * len(REPLIES) + [202] * len(REPLIES)
    for body in bodies:
        helpdesk.FreshdeskCannedResponseCreate.model_validate(body)
    with pytest.raises(HelpdeskInputError, match="English"):
        helpdesk.freshdesk_request_bodies(freshdesk, {"Español": 101})


def test_freshdesk_collection_names_the_folders():
    doc = helpdesk.freshdesk_canned_responses(REPLIES, LANGUAGES, NAMES, collection="Guía")
    assert [folder["name"] for folder in doc["canned_response_folders"]] == ["Guía (Español)", "Guía (English)"]


# --- the reply book --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def book():
    return helpdesk.reply_book(REPLIES, LANGUAGES, NAMES, title=BOOK_TITLE)


def test_reply_book_renders_every_reply_in_every_language_in_order(book):
    rendered = Blocks(markdown.markdown(book))
    expected = []
    for language in LANGUAGES:
        expected.append(("h1", f"{BOOK_TITLE[language]} ({NAMES[language]})"))
        for reply in REPLIES:
            expected += [("h2", reply.title[language]), ("p", plain(reply.text[language])),
                         ("p", reply.url[language])]
    assert rendered.blocks == expected
    assert rendered.links == [(r.url[language], r.url[language]) for language in LANGUAGES for r in REPLIES]
    assert not {"em", "strong", "code", "ol", "ul", "blockquote", "h3"} & set(rendered.tags), \
        "no character of a title or text turned into Markdown formatting"


def test_reply_book_reads_as_plain_text(book):
    lines = book.splitlines()
    assert lines[0] == "# Respuestas para agentes (Español)"
    assert "## ¿Cuesta \\*dinero\\*?" in lines
    assert "## Recuperar la clave\\_personal" in lines
    assert 'No. El trámite es "gratis" & sin &lt;intermediarios>.' in lines
    assert "<https://example.org/recuperar-clave/?paso=1&vista=corta>" in lines
    assert book.endswith(">\n") and not book.endswith("\n\n")


def test_reply_book_needs_a_title_per_language():
    with pytest.raises(HelpdeskInputError, match="'en'"):
        helpdesk.reply_book(REPLIES, LANGUAGES, NAMES, title={"es": "Respuestas"})


@pytest.mark.parametrize("text", ["1. Uno", "2) Dos", "# Tres", "> Cuatro", "- Cinco", "+ Seis", "* Siete",
                                  "a_b *c* `d` [e](f) {#g} \\ h", "<b>negrita</b> &copy; & <", "Título #"])
def test_markdown_text_renders_back_to_the_same_text(text):
    paragraph = Blocks(markdown.markdown(helpdesk.markdown_text(text)))
    assert paragraph.blocks == [("p", text)]
    heading = Blocks(markdown.markdown(helpdesk.markdown_heading(2, text)))
    assert heading.blocks == [("h2", text)]


# --- what the vendors' models refuse ---------------------------------------------------------

def a_macro(**changes) -> dict:
    macro = {"title": "Español::Título",
             "actions": [{"field": "comment_value_html", "value": "<p>Hola</p>"},
                         {"field": "comment_mode_is_public", "value": True}]}
    macro.update(changes)
    return {"macros": [macro]}


def test_the_macro_model_accepts_documented_variants():
    helpdesk.validate_zendesk(a_macro(actions=[{"field": "comment_value", "value": ["channel:all", "Hola"]},
                                               {"field": "status", "value": "solved"},
                                               {"field": "custom_fields_360001", "value": "x"}],
                                      restriction={"type": "Group", "id": 1, "ids": [1]}, position=3,
                                      description=None))


@pytest.mark.parametrize("doc, where", [
    (a_macro(actions=[{"field": "comment_html", "value": "<p>Hola</p>"}]), "macros[0].actions[0]"),
    (a_macro(actions=[{"field": "comment", "value": "Hola"}]), "not a macro action field"),
    (a_macro(actions=[{"field": "comment_mode_is_public", "value": "yes"}]), "true (public) or false"),
    (a_macro(actions=[{"field": "comment_value", "value": ["channel:email", "Hola"]}]), "channel:all"),
    (a_macro(actions=[{"field": "status", "value": "closed"}]), "'solved'"),
    (a_macro(actions=[{"value": "Hola"}]), "actions[0].field"),
    (a_macro(actions=[]), "actions"),
    (a_macro(title="   "), "macros[0].title"),
    (a_macro(active="yes"), "macros[0].active"),
    (a_macro(id=1), "macros[0].id"),
    (a_macro(restriction={"type": "Team", "id": 1}), "restriction.type"),
    ({"macro": a_macro()["macros"][0]}, "macros"),
])
def test_the_macro_model_refuses(doc, where):
    with pytest.raises(HelpdeskFormatError, match=re.escape(where)):
        helpdesk.validate_zendesk(doc)


def test_a_macro_without_title_is_refused():
    doc = a_macro()
    del doc["macros"][0]["title"]
    with pytest.raises(HelpdeskFormatError, match=r"macros\[0\]\.title: Field required"):
        helpdesk.validate_zendesk(doc)


def a_folder_file(**changes) -> dict:
    response = {"title": "[Español] Título", "content_html": "<p>Hola</p>", "visibility": 0}
    response.update(changes)
    return {"canned_response_folders": [{"name": "Español", "canned_responses": [response]}]}


@pytest.mark.parametrize("doc, where", [
    (a_folder_file(visibility=3), "visibility"),
    (a_folder_file(visibility="all_agents"), "visibility"),
    (a_folder_file(visibility=True), "visibility is a number"),
    (a_folder_file(visibility=2), "needs group_ids"),
    (a_folder_file(group_ids=[1]), "only with visibility 2"),
    (a_folder_file(title=""), "canned_responses[0].title"),
    (a_folder_file(content_html=None), "content_html"),
    (a_folder_file(content="Hola"), "canned_responses[0].content"),
    (a_folder_file(folder_id=5), "folder_id comes from the enclosing folder"),
    ({"canned_response_folders": [{"name": "Español", "canned_responses": []}] * 2}, "unique"),
    ({"canned_response_folders": [{"canned_responses": []}]}, "canned_response_folders[0].name"),
])
def test_the_canned_response_model_refuses(doc, where):
    with pytest.raises(HelpdeskFormatError, match=re.escape(where)):
        helpdesk.validate_freshdesk(doc)


def test_a_canned_response_without_title_is_refused():
    doc = a_folder_file()
    del doc["canned_response_folders"][0]["canned_responses"][0]["title"]
    with pytest.raises(HelpdeskFormatError, match=r"canned_responses\[0\]\.title: Field required"):
        helpdesk.validate_freshdesk(doc)


def test_the_create_body_needs_a_folder_unless_personal():
    body = {"title": "T", "content_html": "<p>x</p>", "visibility": 0}
    with pytest.raises(HelpdeskFormatError, match="folder_id is needed"):
        helpdesk._validated(helpdesk.FreshdeskCannedResponseCreate, body, "body")
    helpdesk.FreshdeskCannedResponseCreate.model_validate({**body, "visibility": 1})
    helpdesk.FreshdeskCannedResponseCreate.model_validate({**body, "visibility": 2, "group_ids": [7], "folder_id": 3})


# --- input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("reply, message", [
    (Reply("x", "answer", {"es": "T"}, {"es": "T."}, {"es": "https://e.org/x"}), "no title in language 'en'"),
    (Reply("x", "answer", {"es": "T", "en": "T"}, {"es": "Vea https://e.org/x", "en": "T."},
           {"es": "https://e.org/x", "en": "https://e.org/x"}), "the 'es' text has a URL"),
    (Reply("x", "answer", {"es": "T", "en": "T"}, {"es": "T.", "en": "T."},
           {"es": "/x/", "en": "https://e.org/x"}), "not an absolute http(s) URL"),
    (Reply("x", "answer", {"es": "T", "en": "T"}, {"es": "T.", "en": "T."},
           {"es": "https://e.org/a b", "en": "https://e.org/x"}), "has a space"),
    (Reply("x", "step", {"es": "T", "en": "T"}, {"es": "T.", "en": "T."},
           {"es": "https://e.org/x", "en": "https://e.org/x"}), "kind 'step'"),
])
def test_unusable_input_is_refused_with_the_reply_named(reply, message):
    for export in (helpdesk.zendesk_macros, helpdesk.freshdesk_canned_responses):
        with pytest.raises(HelpdeskInputError, match=re.escape(message)) as caught:
            export([reply], LANGUAGES, NAMES)
        assert "reply 'x'" in str(caught.value)


def test_twice_the_same_id_or_a_language_without_name_is_refused():
    with pytest.raises(HelpdeskInputError, match="used twice"):
        helpdesk.zendesk_macros([REPLIES[0], REPLIES[0]], LANGUAGES, NAMES)
    with pytest.raises(HelpdeskInputError, match="'en' has no name"):
        helpdesk.freshdesk_canned_responses(REPLIES, LANGUAGES, {"es": "Español"})


def test_languages_and_names_come_from_the_caller():
    names = {"qu": "Kichwa", "es": "Español"}
    reply = Reply("a", "section", {"qu": "Mañay", "es": "Pedir"}, {"qu": "Kay.", "es": "Esto."},
                  {"qu": "https://e.org/qu/a", "es": "https://e.org/a"})
    doc = helpdesk.zendesk_macros([reply], ["qu", "es"], names)
    assert [macro["title"] for macro in doc["macros"]] == ["Kichwa::Mañay", "Español::Pedir"]
    source = Path(helpdesk.__file__).read_text(encoding="utf-8")
    assert not re.search(r"""["'](es|en)["']|IESS|Español|English""", source), \
        "the module hard-codes no language code, language name or site word"


# --- determinism and files -------------------------------------------------------------------

def test_exports_are_deterministic_and_leave_the_input_alone():
    before = copy.deepcopy(REPLIES)
    first = (helpdesk.to_json(helpdesk.zendesk_macros(REPLIES, LANGUAGES, NAMES)),
             helpdesk.to_json(helpdesk.freshdesk_canned_responses(REPLIES, LANGUAGES, NAMES)),
             helpdesk.reply_book(REPLIES, LANGUAGES, NAMES, title=BOOK_TITLE))
    second = (helpdesk.to_json(helpdesk.zendesk_macros(list(REPLIES), list(LANGUAGES), dict(NAMES))),
              helpdesk.to_json(helpdesk.freshdesk_canned_responses(REPLIES, LANGUAGES, NAMES)),
              helpdesk.reply_book(REPLIES, LANGUAGES, NAMES, title=BOOK_TITLE))
    assert first == second
    assert REPLIES == before


def test_write_puts_three_valid_files_under_the_site(tmp_path):
    paths = helpdesk.write(tmp_path, REPLIES, LANGUAGES, NAMES, book_title=BOOK_TITLE)
    assert [path.relative_to(tmp_path).as_posix() for path in paths] == [
        "zendesk-macros.json", "freshdesk-canned-responses.json", "reply-book.md"]
    zendesk, freshdesk, book = (path.read_bytes() for path in paths)
    helpdesk.validate_zendesk(json.loads(zendesk))
    helpdesk.validate_freshdesk(json.loads(freshdesk))
    assert "¿Cuesta".encode() in zendesk, "UTF-8, not \\u escapes"
    assert book.decode("utf-8") == helpdesk.reply_book(REPLIES, LANGUAGES, NAMES, title=BOOK_TITLE)
    again = helpdesk.write(tmp_path / "again", REPLIES, LANGUAGES, NAMES, book_title=BOOK_TITLE)
    assert [path.read_bytes() for path in again] == [zendesk, freshdesk, book]
