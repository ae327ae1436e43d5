"""Files a help desk imports: the short chat replies as Zendesk macros, Freshdesk canned responses,
and a Markdown reply book for agents with no help desk.

One `Reply` is one answer agents send: 1-3 plain sentences per language, then its link. Every
function here is pure and deterministic; only `write()` touches files. The module knows no site,
language or word: language codes come in as `languages`, their names as `language_names`.

Each export is checked against a pydantic model of the vendor's documented request shape
(`validate_zendesk`, `validate_freshdesk`), and `write()` checks before it writes.

Sources, read 2026-11-29 (stored copies; where the official page was only partly readable, the
copy that filled the gap is named):
Zendesk Support
  - Macros API, "JSON format": https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/
    `title` (string, mandatory), `actions` (array, mandatory), `active` (boolean), `description`
    (string), `position` (integer), `restriction` (object, null = every agent); `id`, `url`,
    `created_at`, `updated_at` and `default` are assigned by Zendesk. `POST /api/v2/macros` takes
    `{"macro": {...}}`; `GET /api/v2/macros` answers `{"macros": [...]}`, the shape of our file.
  - Actions reference: https://developer.zendesk.com/documentation/ticketing/reference-guides/actions-reference/
    each action is `{"field", "value"}`; shared actions: status (macros take open, pending, hold,
    solved), type, priority, group_id, assignee_id, set_tags, current_tags, remove_tags,
    custom_fields_<id>, custom_status_id, ticket_form_id, follower, share_ticket. Its section
    "Additional actions for macros" (named in github.com/facetoe/zenpy/issues/604; its wording
    as quoted in open-source Zendesk tooling): subject; comment_value ("Takes the comment text or an
    array of two strings specifying the comment channel and comment text", channel:all, :web,
    :chat); comment_value_html ("Adds a rich-text comment"); comment_mode_is_public ("Takes true
    (public) or false (private)").
  - Macro categories: Zendesk files "A::B" as B in menu A
    (https://handbook.gitlab.com/handbook/security/customer-support-operations/zendesk/macros/).
Freshdesk API v2: https://developers.freshdesk.com/api/#canned-responses (the endpoint tables as
mirrored at withone.ai/knowledge/freshdesk, "Create a Canned Response", "Bulk Create Canned Responses")
  - `POST /api/v2/canned_response_folders`: `name`. Names are unique in an account (a Nango
    Freshdesk integration's notes; not on the page).
  - `POST /api/v2/canned_responses`: `title` (string), `content_html` (string), `folder_id`
    (number; not needed when personal), `visibility` (number: 0 all agents, 1 personal, 2 select
    groups), `group_ids` (numbers; mandatory with, and only with, visibility 2), `attachments`
    (files, left out here). `content` (plain text) is in responses only.

Choices: Zendesk gets one action, `comment_value_html` (the link is a real <a href>; the text is
escaped), one macro per answer and language, titled "<language>::<title>" so Zendesk files them
in one menu per language; `description` carries the answer ID and language code, to find a macro
again. No `comment_mode_is_public`: the reference types every action value as a string but
describes this one as true or false, and exports in the wild use both; without it the comment
takes the agent's current mode, public by default. Freshdesk has no bulk file format: ours lists
the folders, each with its canned responses; an importer creates each folder, then posts each
response with the new folder's `folder_id` (`freshdesk_request_bodies`).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError,
                      field_validator, model_validator)

KINDS = ("page", "answer", "node", "section")
# Where write() puts each file, under the site folder: beside answers.json.
ZENDESK_FILE = "zendesk-macros.json"
FRESHDESK_FILE = "freshdesk-canned-responses.json"
BOOK_FILE = "reply-book.md"
ZENDESK_CATEGORY_SEPARATOR = "::"  # "<Language>::<Title>" is shown as <Title> in a <Language> menu.
FRESHDESK_ALL_AGENTS = 0


class HelpdeskInputError(ValueError):
    """A reply, language or name the exports cannot use; the message names which."""


class HelpdeskFormatError(ValueError):
    """A document that does not have the vendor's documented shape; the message lists each place."""


@dataclass(frozen=True)
class Reply:
    """One answer agents send, per language code: a title, 1-3 plain sentences, the link."""

    id: str  # stable answer ID: "<page>#<anchor>", or "<page>" for a page alone
    kind: str  # one of KINDS
    title: dict[str, str]  # plain text
    text: dict[str, str]  # plain sentences: no Markdown, no URL (the link ends the reply)
    url: dict[str, str]  # absolute URL


# --- the reply in each form ------------------------------------------------------------------

def _plain(value: str) -> str:
    """One line: runs of white space (newlines included) become one space."""
    return " ".join(value.split())


def reply_html(reply: Reply, language: str) -> str:
    """The reply as HTML: a paragraph of escaped text, then a paragraph with the link.

    Built as elements and serialized by ElementTree, which escapes text and attribute values.
    """
    text = ET.Element("p")
    text.text = _plain(reply.text[language])
    link_paragraph = ET.Element("p")
    link = ET.SubElement(link_paragraph, "a", {"href": reply.url[language]})
    link.text = reply.url[language]
    return "".join(ET.tostring(element, encoding="unicode", method="html") for element in (text, link_paragraph))


# --- checking the input ----------------------------------------------------------------------

_URL_IN_TEXT = re.compile(r"https?://|www\.", re.IGNORECASE)


def _check_url(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "is not an absolute http(s) URL"
    if any(char.isspace() or char in '<>"' for char in url):
        return "has a space, '<', '>' or '\"' (percent-encode them)"
    return None


def check_input(replies: Sequence[Reply], languages: Sequence[str], language_names: Mapping[str, str]) -> None:
    """Raise HelpdeskInputError listing every reply, language or name the exports cannot use."""
    problems: list[str] = []
    if not languages:
        problems.append("no language given")
    if len(set(languages)) != len(languages):
        problems.append(f"a language is listed twice: {list(languages)}")
    for language in languages:
        if not _plain(language_names.get(language, "")):
            problems.append(f"language {language!r} has no name in language_names")
    seen: set[str] = set()
    for reply in replies:
        where = f"reply {reply.id!r}"
        if not reply.id.strip():
            problems.append("a reply has an empty id")
        if reply.id in seen:
            problems.append(f"{where}: the id is used twice")
        seen.add(reply.id)
        if reply.kind not in KINDS:
            problems.append(f"{where}: kind {reply.kind!r} is not one of {', '.join(KINDS)}")
        for language in languages:
            for field in ("title", "text", "url"):
                if not _plain(getattr(reply, field).get(language, "")):
                    problems.append(f"{where}: no {field} in language {language!r}")
            text, url = reply.text.get(language, ""), reply.url.get(language, "")
            if _URL_IN_TEXT.search(text):
                problems.append(f"{where}: the {language!r} text has a URL; the link goes in `url` and ends the reply")
            if url and (why := _check_url(url)):
                problems.append(f"{where}: the {language!r} url {url!r} {why}")
    if problems:
        raise HelpdeskInputError("cannot export the replies:\n  " + "\n  ".join(problems))


# --- Zendesk ---------------------------------------------------------------------------------

def _category_part(value: str) -> str:
    """A part of a Zendesk macro title with no '::' of its own, so it never makes a stray menu."""
    return re.sub(r":{2,}", ":", _plain(value)).strip(":").strip()


def zendesk_title(title: str, language_name: str, collection: str | None = None) -> str:
    """'<Language>::<Title>', or '<Collection>::<Language>::<Title>'."""
    parts = ([collection] if collection else []) + [language_name, title]
    return ZENDESK_CATEGORY_SEPARATOR.join(_category_part(part) for part in parts)


def zendesk_macros(replies: Sequence[Reply], languages: Sequence[str], language_names: Mapping[str, str],
                   *, collection: str | None = None) -> dict:
    """Zendesk macros, one per answer and language (languages first), as `{"macros": [...]}`.

    Each item is the body `POST /api/v2/macros` takes inside `{"macro": ...}`: a public comment
    with the reply as HTML. `collection` (optional) is a top menu above the language menus.
    """
    check_input(replies, languages, language_names)
    macros = []
    for language in languages:
        for reply in replies:
            macros.append({
                "title": zendesk_title(reply.title[language], language_names[language], collection),
                "description": f"{reply.id} [{language}]",
                "active": True,
                "actions": [{"field": "comment_value_html", "value": reply_html(reply, language)}],
            })
    return {"macros": macros}


# --- Freshdesk -------------------------------------------------------------------------------

def freshdesk_title(title: str, language_name: str) -> str:
    """'[<Language>] <Title>': the language shows in search results across folders."""
    return f"[{_plain(language_name)}] {_plain(title)}"


def freshdesk_folder_name(language_name: str, collection: str | None = None) -> str:
    return f"{_plain(collection)} ({_plain(language_name)})" if collection else _plain(language_name)


def freshdesk_canned_responses(replies: Sequence[Reply], languages: Sequence[str],
                               language_names: Mapping[str, str], *, collection: str | None = None) -> dict:
    """Freshdesk canned responses in one folder per language, visible to all agents.

    `{"canned_response_folders": [{"name": ..., "canned_responses": [{title, content_html,
    visibility}, ...]}]}`: `{"name"}` is the folder's create body; each response plus the
    created folder's `folder_id` is a create body. Folder names are unique in a Freshdesk
    account: give a `collection` to keep ours apart from folders already there.
    """
    check_input(replies, languages, language_names)
    folders = []
    for language in languages:
        folders.append({
            "name": freshdesk_folder_name(language_names[language], collection),
            "canned_responses": [{
                "title": freshdesk_title(reply.title[language], language_names[language]),
                "content_html": reply_html(reply, language),
                "visibility": FRESHDESK_ALL_AGENTS,
            } for reply in replies],
        })
    return {"canned_response_folders": folders}


def freshdesk_request_bodies(doc: Mapping[str, Any], folder_ids: Mapping[str, int]) -> list[dict]:
    """The `POST /api/v2/canned_responses` bodies, once each folder exists: `folder_ids` maps a
    folder name to the id Freshdesk gave it. Each body is checked against the documented model."""
    validate_freshdesk(doc)
    bodies = []
    for folder in doc["canned_response_folders"]:
        if folder["name"] not in folder_ids:
            raise HelpdeskInputError(f"no folder id for the folder {folder['name']!r}")
        for response in folder["canned_responses"]:
            body = {**response, "folder_id": folder_ids[folder["name"]]}
            _validated(FreshdeskCannedResponseCreate, body, "Freshdesk canned response")
            bodies.append(body)
    return bodies


# --- the reply book --------------------------------------------------------------------------

# Escaped everywhere: the characters CommonMark and Python-Markdown both let a backslash escape
# and that could start emphasis, code, a link or attributes.
_MD_ALWAYS = re.compile(r"([\\`*_\[\]{}])")
_MD_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # would open raw HTML or an autolink
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # would be read as an entity such as &copy;
_MD_BLOCK_START = re.compile(r"^(?:([#>+\-])|(\d+)([.)]))")  # heading, quote, list, rule


def markdown_text(value: str) -> str:
    """Plain text as a Markdown paragraph that renders back to the same text, backslashes kept rare."""
    value = _MD_ALWAYS.sub(r"\\\1", _plain(value))
    value = _MD_ENTITY.sub("&amp;", value)  # before '<' becomes "&lt;", which is not to be escaped again
    value = _MD_TAG.sub("&lt;", value)
    return _MD_BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), value)


def markdown_heading(level: int, value: str) -> str:
    """A heading line; a '#' run at the end would be read as a closing sequence, so it is escaped."""
    text = markdown_text(value)
    text = re.sub(r"(^|\s)(#+)$", lambda m: m.group(1) + "\\" + m.group(2), text)
    return "#" * level + " " + text


def reply_book(replies: Sequence[Reply], languages: Sequence[str], language_names: Mapping[str, str],
               *, title: Mapping[str, str]) -> str:
    """Markdown for agents with no help desk: per language, each answer's title, reply and link."""
    check_input(replies, languages, language_names)
    missing = [language for language in languages if not _plain(title.get(language, ""))]
    if missing:
        raise HelpdeskInputError(f"the reply book has no title in language(s) {', '.join(map(repr, missing))}")
    lines: list[str] = []
    for language in languages:
        lines += [markdown_heading(1, f"{_plain(title[language])} ({_plain(language_names[language])})"), ""]
        for reply in replies:
            lines += [markdown_heading(2, reply.title[language]), "",
                      markdown_text(reply.text[language]), "",
                      f"<{reply.url[language]}>", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- writing ---------------------------------------------------------------------------------

def to_json(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"zendesk": ZENDESK_FILE, "freshdesk": FRESHDESK_FILE, "reply-book": BOOK_FILE}


def documents(replies: Sequence[Reply], languages: Sequence[str], language_names: Mapping[str, str],
              *, book_title: Mapping[str, str], collection: str | None = None,
              formats: Iterable[str] = tuple(FORMATS)) -> dict[str, str]:
    """The text of each file of `formats` (keys of FORMATS), by file name, checked against the
    vendors' documented shapes first."""
    formats = set(formats)
    out = {}
    if "zendesk" in formats:
        zendesk = zendesk_macros(replies, languages, language_names, collection=collection)
        validate_zendesk(zendesk)
        out[ZENDESK_FILE] = to_json(zendesk)
    if "freshdesk" in formats:
        freshdesk = freshdesk_canned_responses(replies, languages, language_names, collection=collection)
        validate_freshdesk(freshdesk)
        out[FRESHDESK_FILE] = to_json(freshdesk)
    if "reply-book" in formats:
        out[BOOK_FILE] = reply_book(replies, languages, language_names, title=book_title)
    return out


def write(site_dir: Path, replies: Sequence[Reply], languages: Sequence[str], language_names: Mapping[str, str],
          *, book_title: Mapping[str, str], collection: str | None = None,
          formats: Iterable[str] = tuple(FORMATS)) -> list[Path]:
    """Check, then write the files of `formats` under `site_dir` (ZENDESK_FILE, FRESHDESK_FILE, BOOK_FILE)."""
    written = []
    for name, text in documents(replies, languages, language_names, book_title=book_title,
                                collection=collection, formats=formats).items():
        path = Path(site_dir) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


# --- the vendors' documented shapes ----------------------------------------------------------

class _Strict(BaseModel):
    # extra="forbid": a misspelt or read-only field (id, url, created_at, content...) is an error.
    model_config = ConfigDict(extra="forbid", strict=True)


NonEmpty = Annotated[StrictStr, Field(min_length=1, pattern=r"\S")]

MACRO_STATUSES = ("open", "pending", "hold", "solved")  # macros take neither "new" nor "closed"
TICKET_TYPES = ("question", "incident", "problem", "task")
PRIORITIES = ("low", "normal", "high", "urgent")
COMMENT_CHANNELS = ("channel:all", "channel:web", "channel:chat")


def _one_of(allowed: Iterable[str]):
    allowed = tuple(allowed)

    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and value in allowed else f"takes one of {', '.join(map(repr, allowed))}"
    return check


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else "takes a string"


def _comment(value: Any) -> str | None:
    if isinstance(value, str):
        return None
    if (isinstance(value, list) and len(value) == 2 and all(isinstance(item, str) for item in value)
            and value[0] in COMMENT_CHANNELS):
        return None
    return f"takes the comment text, or [channel, text] with channel one of {', '.join(COMMENT_CHANNELS)}"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) or value in ("true", "false") else "takes true (public) or false (private)"


def _custom_field(value: Any) -> str | None:
    return None if isinstance(value, (str, list)) else "takes a string, or a list for a multi-select field"


# The action fields a macro may use (Actions reference: shared actions + additional actions for macros).
MACRO_ACTIONS = {
    "status": _one_of(MACRO_STATUSES),
    "type": _one_of(TICKET_TYPES),
    "priority": _one_of(PRIORITIES),
    "group_id": _string,
    "assignee_id": _string,
    "set_tags": _string,
    "current_tags": _string,
    "remove_tags": _string,
    "custom_status_id": _string,
    "ticket_form_id": _string,
    "follower": _string,
    "share_ticket": _string,
    "subject": _string,
    "comment_value": _comment,
    "comment_value_html": _string,
    "comment_mode_is_public": _boolean,
}
_CUSTOM_FIELD = re.compile(r"custom_fields_\d+")


class ZendeskAction(_Strict):
    field: StrictStr
    value: Any

    @model_validator(mode="after")
    def _documented(self) -> ZendeskAction:
        if _CUSTOM_FIELD.fullmatch(self.field):
            check = _custom_field
        elif self.field in MACRO_ACTIONS:
            check = MACRO_ACTIONS[self.field]
        else:
            raise ValueError(f"{self.field!r} is not a macro action field; documented: "
                             f"{', '.join(MACRO_ACTIONS)}, custom_fields_<id>")
        if why := check(self.value):
            raise ValueError(f"action {self.field!r} {why}, not {self.value!r}")
        return self


class ZendeskRestriction(_Strict):
    type: Literal["Group", "User"]
    id: StrictInt | None = None
    ids: list[StrictInt] | None = None


class ZendeskMacro(_Strict):
    """A macro as `POST /api/v2/macros` takes it (Zendesk assigns id, url and the timestamps)."""

    title: NonEmpty
    actions: Annotated[list[ZendeskAction], Field(min_length=1)]
    active: StrictBool | None = None
    description: StrictStr | None = None
    position: StrictInt | None = None
    restriction: ZendeskRestriction | None = None


class ZendeskMacrosFile(_Strict):
    macros: list[ZendeskMacro]


class _CannedResponse(_Strict):
    title: NonEmpty
    content_html: NonEmpty
    visibility: Literal[0, 1, 2]
    group_ids: list[StrictInt] | None = None

    @field_validator("visibility", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        if isinstance(value, bool):  # True == 1 in Python; JSON true is not a visibility
            raise ValueError("visibility is a number: 0 all agents, 1 personal, 2 select groups")
        return value

    @model_validator(mode="after")
    def _groups(self) -> _CannedResponse:
        if self.visibility == 2 and not self.group_ids:
            raise ValueError("visibility 2 (select groups) needs group_ids")
        if self.visibility != 2 and self.group_ids is not None:
            raise ValueError("group_ids is used only with visibility 2 (select groups)")
        return self


class FreshdeskCannedResponseCreate(_CannedResponse):
    """The body of `POST /api/v2/canned_responses`."""

    folder_id: StrictInt | None = None

    @model_validator(mode="after")
    def _folder(self) -> FreshdeskCannedResponseCreate:
        if self.folder_id is None and self.visibility != 1:
            raise ValueError("folder_id is needed unless visibility is 1 (personal)")
        return self


class FreshdeskCannedResponseEntry(_CannedResponse):
    """A canned response in our file: the create body without `folder_id`, which is the folder's."""

    @model_validator(mode="before")
    @classmethod
    def _no_folder_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and "folder_id" in data:
            raise ValueError("folder_id comes from the enclosing folder once it exists; leave it out")
        return data


class FreshdeskFolder(_Strict):
    """`{"name"}` is the body of `POST /api/v2/canned_response_folders`; then its responses."""

    name: NonEmpty
    canned_responses: list[FreshdeskCannedResponseEntry]


class FreshdeskFile(_Strict):
    canned_response_folders: list[FreshdeskFolder]

    @model_validator(mode="after")
    def _unique_names(self) -> FreshdeskFile:
        names = [folder.name for folder in self.canned_response_folders]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"folder names are unique in a Freshdesk account; twice: {', '.join(twice)}")
        return self


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"]).lstrip(".")
        lines.append(f"{where or '(document)'}: {item['msg']}")
    return "\n  ".join(lines)


def _validated(model: type[BaseModel], doc: Any, what: str) -> BaseModel:
    try:
        return model.model_validate(doc)
    except ValidationError as error:
        raise HelpdeskFormatError(f"{what} does not have the documented shape:\n  {_describe(error)}") from None


def validate_zendesk(doc: Any) -> ZendeskMacrosFile:
    """The parsed file, or HelpdeskFormatError naming each place that differs from the documented shape."""
    return _validated(ZendeskMacrosFile, doc, "Zendesk macros file")


def validate_freshdesk(doc: Any) -> FreshdeskFile:
    """The parsed file, or HelpdeskFormatError naming each place that differs from the documented shape."""
    return _validated(FreshdeskFile, doc, "Freshdesk canned responses file")
