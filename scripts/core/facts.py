"""The shared source in data/: procedures, their steps, sources, and the site's own words.

Files are validated with pydantic models whose language fields come from mkdocs.yml, so
the same code serves a guide in any set of languages. Every problem becomes a
ContentError that points at the file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from scripts.core import yamlfile
from scripts.core.vocabulary import ANSWER_ID_HINT, ANSWER_ID_PATTERN, ID_HINT, ID_PATTERN, language_name
from scripts.core.errors import ContentError, ContentErrors
from scripts.core.project import Project

FILES = {
    "procedures": "procedures.yml",
    "sources": "sources.yml",
    "site": "site.yml",
    "answers": "answers.yml",
}
SCHEMA_DIR = "schema"

# Raw HTML, Markdown autolinks and attribute lists could inject markup or attributes
# into every page that shows a text: such texts are rejected, not escaped.
_HTML_RE = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>")
_ATTR_RE = re.compile(r"\{\s*[:#.]")
_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_BARE_URL_RE = re.compile(r"(?<![(<\w])((?:https?|ftp|javascript|data):[^\s)>\]]+)", re.IGNORECASE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


NoteKind = Literal["note", "warning"]
SourceKind = Literal["official", "press", "third-party"]


class Source(_Strict):
    """A document a procedure relies on. `kind` says how far to trust it."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str = Field(min_length=1)
    date: dt.date
    # "published" (default): the date the source carries; "consulted": the day we read a
    # page that carries no date (procedure pages on gob.ec, most guides).
    date_kind: Literal["published", "consulted"] = "published"
    kind: SourceKind
    language: str = Field(pattern=r"^[a-z]{2}$")  # the language the source is written in


class SourcesFile(_Strict):
    sources: list[Source]


def _language_models(languages: tuple[str, ...]):
    """Models whose translatable fields are one required, non-empty text per language."""
    text_fields: dict[str, Any] = {code: (str, Field(min_length=1)) for code in languages}
    Text = create_model("Text", __base__=_Strict, **text_fields)
    Note = create_model("Note", __base__=_Strict, kind=(NoteKind, "note"), **text_fields)
    Step = create_model(
        "Step", __base__=_Strict, id=(str, Field(pattern=ID_PATTERN)),
        # The step's own sources; without them it rests on its procedure's sources.
        sources=(list[str] | None, Field(None, min_length=1)),
        note=(Note | None, None), **text_fields,
    )
    Procedure = create_model(
        "Procedure", __base__=_Strict,
        id=(str, Field(pattern=ID_PATTERN)),
        title=(Text, ...),
        audience=(Text, ...),
        reviewed=(dt.date, ...),
        sources=(list[str], Field(min_length=1)),
        steps=(list[Step], Field(min_length=1)),
    )
    ProceduresFile = create_model("ProceduresFile", __base__=_Strict, procedures=(list[Procedure], ...))
    Review = create_model("Review", __base__=_Strict, max_age_days=(int, Field(ge=1)))
    Forbidden = create_model("Forbidden", __base__=_Strict, name=(str, Field(min_length=1)),
                             pattern=(str, Field(min_length=1)), sample=(str, Field(min_length=1)))
    Guides = create_model("Guides", __base__=_Strict, sections=(list[str], []), must_mention=(list[str], []))
    # A rule for the replies agents paste: regular expressions per language code.
    ReplyRule = create_model("ReplyRule", __base__=_Strict, name=(str, Field(min_length=1)),
                             hint=(str | None, None), never=(dict[str, str] | None, None),
                             when=(dict[str, str] | None, None), needs=(dict[str, str] | None, None))
    SiteFile = create_model(
        "SiteFile", __base__=_Strict,
        portal=(str, ...),
        official_domains=(list[str], Field(min_length=1)),
        official_source_hosts=(list[str], []),
        lookalike_words=(list[str], []),
        other_hosts=(list[str], []),
        review=(Review, ...),
        forbidden=(list[Forbidden], []),
        guides=(Guides, Guides()),
        official_domains_list=(str | None, None),
        replies=(list[ReplyRule], []),
        interface=(dict[str, Text], ...),
    )
    AnswerEntry = create_model(
        "AnswerEntry", __base__=_Strict,
        id=(str, Field(pattern=ANSWER_ID_PATTERN)),
        # A FAQ answer, a tree node or a section names its sources; a page takes its own
        # (its procedures' and its front matter's), so a page's entry holds only its reply.
        sources=(list[str] | None, Field(None, min_length=1)),
        # What an agent pastes in a chat: 1-3 plain sentences; the link is added after it.
        reply=(Text | None, None),
    )
    AnswersFile = create_model("AnswersFile", __base__=_Strict, answers=(list[AnswerEntry], ...))
    return {"procedures": ProceduresFile, "sources": SourcesFile, "site": SiteFile, "answers": AnswersFile}


@lru_cache(maxsize=8)
def models(languages: tuple[str, ...]):
    return _language_models(languages)


def json_schemas(languages: tuple[str, ...]) -> dict[str, dict]:
    """The JSON Schema of each data file, for editors (yaml-language-server) and CI."""
    out = {}
    for name, model in models(languages).items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"data/{FILES[name]}"
        out[name] = schema
    return out


def schema_path(project: Project, name: str) -> Path:
    return project.data_dir / SCHEMA_DIR / f"{name}.schema.json"


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------
# Loaded catalog


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    text: dict[str, str]
    note_kind: str | None = None
    note: dict[str, str] | None = None
    sources: tuple[str, ...] = ()  # the step's own; empty: the procedure's


@dataclass(frozen=True)
class Procedure:
    id: str
    title: dict[str, str]
    audience: dict[str, str]
    reviewed: dt.date
    sources: tuple[str, ...]
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_sources(self, step: Step) -> tuple[str, ...]:
        """The sources a step rests on: its own, or else its procedure's."""
        return step.sources or self.sources


@dataclass(frozen=True)
class Site:
    portal: str
    official_domains: tuple[str, ...]
    interface: dict[str, dict[str, str]]
    other_hosts: tuple[str, ...] = ()  # other hosts a page may link to (not for actions)
    official_source_hosts: tuple[str, ...] = ()  # official documents, but no place to act
    lookalike_words: tuple[str, ...] = ()  # a host with one of these that is not official looks official
    review_max_age_days: int = 365
    forbidden: tuple["Forbidden", ...] = ()  # text that must never reach a reader
    guide_sections: tuple[str, ...] = ()  # the IDs every guide (`guide: true`) answers
    guide_must_mention: tuple[str, ...] = ()  # words every guide uses (where to get help in person)
    official_domains_list: str | None = None  # class of the element where a page lists the official domains
    replies: tuple[dict, ...] = ()  # rules for the replies agents paste (scripts/answers/replies.py)

    def is_official(self, url: str) -> bool:
        return _on(url, self.official_domains)

    @cached_property
    def forbidden_any(self) -> re.Pattern:
        """One pattern that finds any forbidden text: a clean page is read once, not once per pattern."""
        if not self.forbidden:
            return re.compile(r"(?!)")
        try:
            return re.compile("|".join(f"(?:{item.pattern})" for item in self.forbidden), re.IGNORECASE)
        except re.error:  # a pattern that cannot be combined: look with each one
            return re.compile("")

    def is_official_source(self, url: str) -> bool:
        """A document whose publisher speaks for the service: an official domain or an official source host."""
        return self.is_official(url) or _on(url, self.official_source_hosts)

    def is_lookalike(self, url: str) -> bool:
        """A host that looks official (it contains a look-alike word) but is not: never a link."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        return bool(host) and not self.is_official(url) and any(w in host for w in self.lookalike_words)

    def strings(self, language: str) -> dict[str, str]:
        """The interface strings in one language, for templates and scripts."""
        return {key: text[language] for key, text in self.interface.items()}


def _on(url: str, domains: tuple[str, ...]) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


@dataclass(frozen=True)
class Forbidden:
    """A pattern (regular expression, any case) for text that must never reach a reader."""

    name: str
    pattern: str
    sample: str  # a line it must catch
    line: int

    @cached_property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern, re.IGNORECASE)


@dataclass(frozen=True)
class AnswerRecord:
    """What data/answers.yml says about one answer: the sources its claims rest on, and the
    short reply agents paste in a chat."""

    id: str  # 'preguntas-frecuentes#cuesta-dinero'; a page alone: 'preguntas-frecuentes'
    sources: tuple[str, ...]
    line: int
    reply: dict[str, str] | None = None  # one text per language
    location: tuple = ()  # where the entry is in the file, for the line of each of its parts


@dataclass
class Catalog:
    """Everything in data/, validated."""

    languages: tuple[str, ...]
    procedures: dict[str, Procedure]
    sources: dict[str, Source]
    site: Site
    answers: dict[str, AnswerRecord] = field(default_factory=dict)
    files: dict[str, yamlfile.YamlFile] = field(default_factory=dict, repr=False)


def load(project: Project) -> Catalog:
    """Read and validate every file in data/. Raise ContentErrors listing every problem."""
    languages = project.codes
    files: dict[str, yamlfile.YamlFile] = {}
    parsed: dict[str, Any] = {}
    errors: list[ContentError] = []
    for name, filename in FILES.items():
        try:
            files[name] = yamlfile.load(project.data_dir / filename, project.root)
        except ContentError as err:
            errors.append(err)
            continue
        model = models(languages)[name]
        try:
            parsed[name] = model.model_validate(files[name].value)
        except ValidationError as err:
            errors.extend(_explain(files[name], err, languages))
    if errors:
        raise ContentErrors(errors)

    sources = {s.id: s for s in parsed["sources"].sources}
    site_model = parsed["site"]
    site = Site(
        portal=site_model.portal,
        official_domains=tuple(d.lower() for d in site_model.official_domains),
        interface={k: v.model_dump() for k, v in site_model.interface.items()},
        other_hosts=tuple(h.lower() for h in site_model.other_hosts),
        official_source_hosts=tuple(h.lower() for h in site_model.official_source_hosts),
        lookalike_words=tuple(w.lower() for w in site_model.lookalike_words),
        review_max_age_days=site_model.review.max_age_days,
        forbidden=tuple(Forbidden(f.name, f.pattern, f.sample, files["site"].line(("forbidden", i, "pattern")))
                        for i, f in enumerate(site_model.forbidden)),
        guide_sections=tuple(site_model.guides.sections),
        guide_must_mention=tuple(site_model.guides.must_mention),
        official_domains_list=site_model.official_domains_list,
        replies=tuple(rule.model_dump(exclude_none=True) for rule in site_model.replies),
    )
    procedures: dict[str, Procedure] = {}
    for p in parsed["procedures"].procedures:
        steps = tuple(
            Step(
                id=s.id, number=n,
                text={code: getattr(s, code) for code in languages},
                note_kind=s.note.kind if s.note else None,
                note={code: getattr(s.note, code) for code in languages} if s.note else None,
                sources=tuple(s.sources or ()),
            )
            for n, s in enumerate(p.steps, start=1)
        )
        procedures.setdefault(p.id, Procedure(
            id=p.id, title=p.title.model_dump(), audience=p.audience.model_dump(),
            reviewed=p.reviewed, sources=tuple(p.sources), steps=steps,
        ))
    answers_file = files["answers"]
    answers = {}
    for index, entry in enumerate(parsed["answers"].answers):
        answers.setdefault(entry.id, AnswerRecord(entry.id, tuple(entry.sources or ()),
                                                  answers_file.line(("answers", index, "id")),
                                                  entry.reply.model_dump() if entry.reply else None,
                                                  ("answers", index)))
    catalog = Catalog(languages, procedures, sources, site, answers, files)
    errors.extend(_check_references(catalog, parsed))
    if errors:
        raise ContentErrors(errors)
    return catalog


# ---------------------------------------------------------------------------
# Checks that a schema cannot express


def _check_references(catalog: Catalog, parsed: dict[str, Any]) -> list[ContentError]:
    errors: list[ContentError] = []
    procs_file, sources_file, site_file, answers_file = (
        catalog.files[n] for n in ("procedures", "sources", "site", "answers"))
    languages = catalog.languages
    site = catalog.site

    for index, domain in enumerate(site.official_domains):
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain):
            errors.append(site_file.error(("official_domains", index),
                                          f"'{domain}' is not a domain name", "write it like 'example.org'"))
    for index, host in enumerate(site.other_hosts):
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host):
            errors.append(site_file.error(("other_hosts", index),
                                          f"'{host}' is not a host name", "write it like 'github.com'"))
        elif site.is_official("https://" + host + "/"):
            errors.append(site_file.error(("other_hosts", index), f"'{host}' is already an official domain",
                                          "list it only under official_domains"))
        elif site.is_lookalike("https://" + host + "/"):
            errors.append(site_file.error(("other_hosts", index), f"'{host}' looks official but is not",
                                          "a look-alike host is never a link: remove it"))
    for index, host in enumerate(site.official_source_hosts):
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host):
            errors.append(site_file.error(("official_source_hosts", index),
                                          f"'{host}' is not a host name", "write it like 'issa.int'"))
    for index, item in enumerate(site.forbidden):
        try:
            item.regex
        except re.error as err:
            errors.append(site_file.error(("forbidden", index, "pattern"),
                                          f"forbidden '{item.name}': the pattern is not a valid regular expression ({err})",
                                          "check its brackets and backslashes"))
            continue
        if not item.regex.search(item.sample):
            errors.append(site_file.error(("forbidden", index, "pattern"),
                                          f"forbidden '{item.name}': the pattern does not catch its own sample",
                                          f"make it match '{item.sample}'"))
    for index, rule in enumerate(site.replies):
        for part in ("never", "when", "needs"):
            for code, pattern in (rule.get(part) or {}).items():
                where = ("replies", index, part, code)
                if code not in languages:
                    errors.append(site_file.error(where, f"reply rule '{rule['name']}': '{code}' is not a language "
                                                  "of the site", f"use one of {', '.join(languages)}"))
                    continue
                try:
                    re.compile(pattern)
                except re.error as err:
                    errors.append(site_file.error(where, f"reply rule '{rule['name']}': the pattern is not a valid "
                                                  f"regular expression ({err})", "check its brackets and backslashes"))
        if rule.get("when") and not rule.get("needs"):
            errors.append(site_file.error(("replies", index), f"reply rule '{rule['name']}' has 'when' but no 'needs'",
                                          "say what a reply must say when 'when' matches"))
    for index, word in enumerate(site.lookalike_words):
        if not re.fullmatch(r"[a-z0-9-]+", word):
            errors.append(site_file.error(("lookalike_words", index), f"'{word}' is not one word of a host name",
                                          "write lowercase letters, digits or '-', like 'example'"))
    errors.extend(_check_action_link(site_file, ("portal",), "the portal link", site.portal, site))

    seen: dict[str, int] = {}
    for index, source in enumerate(parsed["sources"].sources):
        where = ("sources", index)
        if source.id in seen:
            errors.append(sources_file.error(where + ("id",), f"source ID '{source.id}' is used twice",
                                             f"give each source its own ID (first use on line {seen[source.id]})"))
        seen.setdefault(source.id, sources_file.line(where + ("id",)))
        if not source.url.startswith("https://"):
            errors.append(sources_file.error(where + ("url",), f"source '{source.id}' link is not https",
                                             "use the https:// address"))
        elif source.kind == "official" and not site.is_official_source(source.url):
            errors.append(sources_file.error(
                where + ("url",), f"source '{source.id}' is marked official but {urlsplit(source.url).hostname} "
                "is not an official domain",
                "fix the link, change its kind, or add the host to official_source_hosts in data/site.yml"))

    seen = {}
    for p_index, procedure in enumerate(parsed["procedures"].procedures):
        where = ("procedures", p_index)
        if procedure.id in seen:
            errors.append(procs_file.error(where + ("id",), f"procedure ID '{procedure.id}' is used twice",
                                           f"give each procedure its own ID (first use on line {seen[procedure.id]})"))
        seen.setdefault(procedure.id, procs_file.line(where + ("id",)))
        for s_index, source_id in enumerate(procedure.sources):
            if source_id not in catalog.sources:
                errors.append(procs_file.error(where + ("sources", s_index),
                                               f"procedure '{procedure.id}' names unknown source '{source_id}'",
                                               "add it to data/sources.yml or fix the ID"))
        for code in languages:
            for part in ("title", "audience"):
                errors.extend(_check_text(procs_file, where + (part, code), f"procedure '{procedure.id}' {part}",
                                          getattr(getattr(procedure, part), code), site))
        step_seen: dict[str, int] = {}
        for s_index, step in enumerate(procedure.steps):
            s_where = where + ("steps", s_index)
            for i, source_id in enumerate(step.sources or ()):
                if source_id not in catalog.sources:
                    errors.append(procs_file.error(s_where + ("sources", i),
                                                   f"step '{step.id}' names unknown source '{source_id}'",
                                                   "add it to data/sources.yml or fix the ID"))
            if step.id in step_seen:
                errors.append(procs_file.error(
                    s_where + ("id",), f"step ID '{step.id}' is used twice in procedure '{procedure.id}'",
                    f"give each step its own ID (first use on line {step_seen[step.id]})"))
            step_seen.setdefault(step.id, procs_file.line(s_where + ("id",)))
            for code in languages:
                label = f"step '{step.id}' {language_name(code)} text"
                errors.extend(_check_text(procs_file, s_where + (code,), label, getattr(step, code), site))
                if step.note:
                    errors.extend(_check_text(procs_file, s_where + ("note", code),
                                              f"step '{step.id}' {language_name(code)} note",
                                              getattr(step.note, code), site))

    seen = {}
    for a_index, entry in enumerate(parsed["answers"].answers):
        where = ("answers", a_index)
        if entry.id in seen:
            errors.append(answers_file.error(where + ("id",), f"answer '{entry.id}' is listed twice",
                                             f"keep one entry per answer (first on line {seen[entry.id]})"))
        seen.setdefault(entry.id, answers_file.line(where + ("id",)))
        for s_index, source_id in enumerate(entry.sources or ()):
            if source_id not in catalog.sources:
                errors.append(answers_file.error(where + ("sources", s_index),
                                                 f"answer '{entry.id}' names unknown source '{source_id}'",
                                                 "add it to data/sources.yml or fix the ID"))
        for code in languages if entry.reply else ():
            errors.extend(_check_text(answers_file, where + ("reply", code),
                                      f"answer '{entry.id}' {language_name(code)} reply",
                                      getattr(entry.reply, code), site))

    for key, text in site.interface.items():
        for code in languages:
            errors.extend(_check_text(site_file, ("interface", key, code), f"interface text '{key}'",
                                      text[code], site))
    return errors


def _check_text(file: yamlfile.YamlFile, where: tuple, label: str, text: str, site: Site) -> list[ContentError]:
    """A text may hold Markdown, but no raw HTML, no attribute lists, and only official https links."""
    errors = []
    if match := _HTML_RE.search(text):
        errors.append(file.error(where, f"{label} contains raw HTML '{match.group(0)[:40]}'",
                                 "write plain text; use [text](https://…) for links"))
    if _ATTR_RE.search(text):
        errors.append(file.error(where, f"{label} contains an attribute list '{{: …}}'", "remove it"))
    urls = [m.group(1) for m in _LINK_RE.finditer(text)] + [m.group(1) for m in _BARE_URL_RE.finditer(text)]
    for url in urls:
        errors.extend(_check_action_link(file, where, label, url, site))
    return errors


def _check_action_link(file, where, label, url, site: Site) -> list[ContentError]:
    """A link that sends a reader to act must be https and on an official domain."""
    if not url.lower().startswith("https://"):
        return [file.error(where, f"{label} links to '{url}', which is not https",
                           "use an https:// address on an official domain")]
    if not site.is_official(url):
        return [file.error(where, f"{label} links to {urlsplit(url).hostname}, which is not an official domain",
                           "link only to the domains listed in data/site.yml")]
    return []


# ---------------------------------------------------------------------------
# Pydantic errors in an editor's words


def _describe(value: Any, loc: tuple) -> str:
    """'procedure 'x', step 'y'' for a location inside the data."""
    parts = []
    node = value
    kinds = {"procedures": "procedure", "steps": "step", "sources": "source", "answers": "answer"}
    for i, key in enumerate(loc):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(key, int) and i > 0 and loc[i - 1] in kinds:
            ident = node.get("id") if isinstance(node, dict) else None
            label = kinds[loc[i - 1]]
            parts.append(f"{label} '{ident}'" if isinstance(ident, str) and ident else f"{label} #{key + 1}")
    return ", ".join(parts)


def _explain(file: yamlfile.YamlFile, error: ValidationError, languages: tuple[str, ...]) -> list[ContentError]:
    out = []
    for item in error.errors():
        loc = tuple(item["loc"])
        kind = item["type"]
        subject = _describe(file.value, loc) or "the file"
        last = loc[-1] if loc else None
        parent = loc[:-1]
        if kind == "missing":
            if last in languages:
                owner = next((part for part in ("note", "reply") if part in parent), "text")
                out.append(file.error(parent, f"{subject} has no {language_name(last)} {owner}",
                                      f"add '{last}:' with the {language_name(last)} text"))
            else:
                out.append(file.error(parent, f"{subject} is missing '{last}'", f"add '{last}:'"))
        elif kind == "extra_forbidden":
            out.append(file.error(loc, f"{subject}: unknown key '{last}'",
                                  "check its spelling; the schema in data/schema/ lists the keys"))
        elif kind == "string_pattern_mismatch":
            hint = ANSWER_ID_HINT if file.name.endswith(FILES["answers"]) else ID_HINT
            out.append(file.error(loc, f"{subject}: ID '{item.get('input')}' is not valid", hint))
        elif kind == "string_too_short":
            out.append(file.error(loc, f"{subject}: '{last}' is empty", "write the text"))
        elif kind in ("too_short",):
            out.append(file.error(loc, f"{subject}: '{last}' needs at least one item", "add one"))
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            out.append(file.error(loc, f"{subject}: '{item.get('input')}' is not allowed for '{last}'",
                                  f"use one of {expected}"))
        elif kind.startswith("date"):
            out.append(file.error(loc, f"{subject}: '{item.get('input')}' is not a date",
                                  "write the date as YYYY-MM-DD"))
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(file.error(loc, f"{subject}: '{last}' should be a block of keys" if last is not None
                                  else "the file should be a block of keys", "check the indentation"))
        elif kind == "list_type":
            out.append(file.error(loc, f"{subject}: '{last}' should be a list", "start each item with '- '"))
        elif kind in ("string_type",):
            out.append(file.error(loc, f"{subject}: '{last}' should be text", "write it as plain text, in quotes if needed"))
        else:
            out.append(file.error(loc, f"{subject}: '{last}': {item['msg']}", "see data/schema/ for the expected form"))
    return out


def check(session, report) -> None:
    """data/ is valid and the committed JSON Schemas match the models."""
    project = session.project
    session.catalog  # raises ContentErrors, which `make check` reports
    for name, schema in json_schemas(project.codes).items():
        path = schema_path(project, name)
        if not path.exists() or path.read_text(encoding="utf-8") != schema_text(schema):
            report.error(ContentError(project.rel(path), None, "the JSON Schema is out of date",
                                      "run make schema and commit the result"))
