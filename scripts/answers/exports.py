"""What a help desk imports: every answer with its links, titles and evidence, as
`answers.json` and `answers.csv` (and, from the replies, the help-desk formats)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from scripts.answers.collect import Answer
from scripts.core.project import Project

EXPORTS = ("answers.json", "answers.csv")


def to_json(answers: list[Answer], project: Project, site_url: str) -> str:
    """One answer per line: readable, easy to diff, and written by json's fast encoder."""
    codes = project.codes
    head = {"site_url": site_url, "languages": list(codes),
            "language_names": {c: project.language(c).name for c in codes}}
    rows = [json.dumps({"id": a.id, "kind": a.kind,
                        "title": {c: a.title[c] for c in codes},
                        "url": {c: a.url(c, site_url) for c in codes},
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
                    + ["evidence", "sources"])
    for a in answers:
        writer.writerow([a.id, a.kind] + [a.title[c] for c in codes] + [a.url(c, site_url) for c in codes]
                        + [a.evidence or "", " ".join(a.sources)])
    return buffer.getvalue()


def write_exports(site_dir: Path, answers: list[Answer], project: Project, site_url: str) -> list[Path]:
    written = []
    for name, text in (("answers.json", to_json(answers, project, site_url)),
                       ("answers.csv", to_csv(answers, project, site_url))):
        path = site_dir / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written
