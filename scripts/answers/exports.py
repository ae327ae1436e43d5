"""What a help desk imports, written by every build at the root of the site:

- `answers.json` and `answers.csv`: every answer with its links, titles, evidence and reply;
- from the replies (scripts/answers/replies.py): Zendesk macros, Freshdesk canned responses
  and a Markdown reply book (scripts/answers/helpdesk.py).

The plugin's `exports` setting chooses the formats (all by default). Every URL in every file
is checked against the built site (`url_problems`, run by collect.check_site).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from scripts.answers import helpdesk
from scripts.answers.collect import Answer
from scripts.core.errors import ContentError, Lines
from scripts.core.project import Project

# Each format's file, beside the others at the root of the site (keys: scripts/config.py EXPORT_FORMATS).
FILES = {"json": "answers.json", "csv": "answers.csv", **helpdesk.FORMATS}
EXPORTS = tuple(FILES.values())


def names(project: Project) -> tuple[str, ...]:
    """The files this site exports, in the order of FILES."""
    chosen = set(project.settings.exports)
    return tuple(name for fmt, name in FILES.items() if fmt in chosen)


def to_json(answers: list[Answer], project: Project, site_url: str) -> str:
    """One answer per line: readable, easy to diff, and written by json's fast encoder."""
    codes = project.codes
    head = {"site_url": site_url, "languages": list(codes),
            "language_names": {c: project.language(c).name for c in codes}}
    rows = [json.dumps({"id": a.id, "kind": a.kind,
                        "title": {c: a.title[c] for c in codes},
                        "url": {c: a.url(c, site_url) for c in codes},
                        "reply": {c: a.reply[c] for c in codes} if a.reply else None,
                        "evidence": a.evidence,
                        "sources": list(a.sources)}, ensure_ascii=False)
            for a in answers]
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    return opening + ', "answers": [\n' + ",\n".join(rows) + "\n]}\n"


def to_csv(answers: list[Answer], project: Project, site_url: str) -> str:
    codes = project.codes
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quoted as needed, CRLF line ends
    writer.writerow(["id", "kind"] + [f"title_{c}" for c in codes] + [f"url_{c}" for c in codes]
                    + ["evidence", "sources"] + [f"reply_{c}" for c in codes])
    for a in answers:
        writer.writerow([a.id, a.kind] + [a.title[c] for c in codes] + [a.url(c, site_url) for c in codes]
                        + [a.evidence or "", " ".join(a.sources)]
                        + [a.reply[c] if a.reply else "" for c in codes])
    return buffer.getvalue()


def replies(answers: list[Answer], project: Project, site_url: str) -> list[helpdesk.Reply]:
    """The answers that have a reply, as the help-desk formats take them."""
    codes = project.codes
    return [helpdesk.Reply(a.id, a.kind, {c: a.title[c] for c in codes}, dict(a.reply),
                           {c: a.url(c, site_url) for c in codes})
            for a in answers if a.reply]


def documents(answers: list[Answer], project: Project, site_url: str, catalog=None) -> dict[str, str]:
    """Each export's text, by file name. `catalog` gives the reply book's title (read from
    data/ when not given)."""
    if catalog is None:
        from scripts.core import facts

        catalog = facts.load(project)
    chosen = set(project.settings.exports)
    codes = project.codes
    out = {}
    if "json" in chosen:
        out[FILES["json"]] = to_json(answers, project, site_url)
    if "csv" in chosen:
        out[FILES["csv"]] = to_csv(answers, project, site_url)
    formats = chosen & set(helpdesk.FORMATS)
    if formats:
        title = {c: catalog.site.strings(c).get("reply_book_title", "") for c in codes}
        try:
            out.update(helpdesk.documents(replies(answers, project, site_url), codes,
                                          {c: project.language(c).name for c in codes},
                                          book_title=title, formats=formats))
        except (helpdesk.HelpdeskInputError, helpdesk.HelpdeskFormatError) as err:
            # make check names the reply at its line; a build (or the preview) says it in one line
            raise ContentError(catalog.files["answers"].name, None, " ".join(str(err).split()),
                               "run make check: it points at the reply") from None
    return out


def write_exports(site_dir: Path, answers: list[Answer], project: Project, site_url: str,
                  catalog=None) -> list[Path]:
    written = []
    for name, text in documents(answers, project, site_url, catalog).items():
        path = Path(site_dir) / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# Every URL in an export leads to an ID of the built site

_URL = re.compile(r"https?://[^\s\"'<>\\,]+")  # no comma: a CSV field ends there


def urls(text: str) -> list[tuple[int, str]]:
    """(line, URL) for every absolute URL written in an export, as written."""
    lines = Lines(text)
    return [(lines.at(m.start()), m.group(0).rstrip(".,;)")) for m in _URL.finditer(text)]


def url_problems(text: str, site_url: str, ids_at) -> list[tuple[int, str, str]]:
    """(line, message, hint) for each URL of an export that leads nowhere in the built site.

    `ids_at(path)` gives the IDs of the built page at a URL path inside the site ('x/y/'),
    or None when no page is built there."""
    out = []
    for line, url in urls(text):
        if not url.startswith(site_url):
            out.append((line, f"the link {url} leaves the site ({site_url})",
                        "exports link only to the guide's own answers"))
            continue
        path, _, fragment = url[len(site_url):].partition("#")
        ids = ids_at(path)
        if ids is None:
            out.append((line, f"the link {url} leads to no page of the built site", "rebuild the site"))
        elif fragment and fragment not in ids:
            out.append((line, f"the link {url} leads to no element with id '{fragment}'",
                        "check the page's explicit IDs, or move the ID in data/anchors.lock.yml"))
    return out
