"""The short replies agents paste in a chat: one per answer and language.

Each page, FAQ answer and tree node has one, in data/answers.yml beside the answer's
sources (`reply:`, one text per language); a section of a guide may have one. What an agent
pastes is the reply, then the evidence mark the page shows at the answer (when it rests
only on the press or on unofficial guides: authors cannot forget it), then the link.
answers.json carries the reply with its mark; the help-desk files and the agents' page use
it as it is.

`make check` holds every reply to the content rules:
- every page, FAQ answer and tree node has one, in every language (at its entry's line, or
  at the heading when the entry is missing);
- 1 to `reply_max_sentences` plain sentences, mark included: no link, no Markdown (the
  link is added after the reply);
- a figure in a reply is a figure its page gives in that language: a reply adds no fact;
- the rules of data/site.yml `replies` (the voice, the phishing warning), each a regular
  expression per language.
"""

from __future__ import annotations

import re

from scripts.core.errors import ContentError
from scripts.core.report import Report
from scripts.core.vocabulary import language_name
from scripts.trust import evidence

NEEDED = ("page", "answer", "node")  # kinds that must have a reply; a section may
# A sentence ends with . ! ? (or …), perhaps inside quotes or brackets, before the next
# sentence's capital (or ¿ ¡) or the end of the text: "p. ej. esto" is one sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"')\]]*(?=\s+[¿¡«“\"(]?[A-ZÁÉÍÓÚÑÜ0-9]|\s*$)")
# A link, Markdown or HTML; "www." too, which help desks turn into a link (helpdesk.check_input).
_NOT_PLAIN = re.compile(r"https?://|www\.|\]\(|[*`_<>]|\{[:#.]", re.IGNORECASE)


def composed(text: str, level: str | None, labels: dict[str, str]) -> str:
    """The reply as pasted, without its link: the author's text, then the evidence mark the
    page shows under the answer's heading (`level`: that of the entry's own sources in
    data/answers.yml; a page's entry has none, as a page carries no mark of its own)."""
    text = " ".join(text.split())
    if evidence.is_marked(level):
        text += " " + evidence.mark_text(level, labels)
    return text


def pasted(reply: str, url: str) -> str:
    """What "Copy reply" puts on the clipboard: the reply, then its link on a line of its own
    (the same as docs/assets/javascripts/agents.js)."""
    return f"{reply}\n{url}"


def sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip()))


def figures(text: str) -> set[str]:
    """The numbers in a text, as written ("3", "11", "425")."""
    return {m.group(0) for m in re.finditer(r"\d+", text)}


def problems(text: str, reply: str, page_text: str, rules, code: str, most: int) -> list[tuple[str, str]]:
    """(message, hint) for what is wrong with one reply in one language.

    `text` is the author's text, `reply` the text as pasted (with the mark), `page_text`
    the answer's page in the same language, `rules` data/site.yml `replies`."""
    out = []
    count = sentences(reply)
    if not 1 <= count <= most:
        out.append((f"the reply has {count} sentence(s) as pasted; a chat reply has 1 to {most}",
                    "name the procedure, not its steps; an evidence mark added after it counts as one"))
    if match := _NOT_PLAIN.search(text):
        out.append((f"the reply is not plain text ('{match.group(0)}')",
                    "write plain sentences: the link to the answer is added after the reply"))
    unknown = sorted(figures(text) - figures(page_text), key=lambda f: (len(f), f))
    if unknown:
        out.append((f"the reply gives the figure(s) {', '.join(unknown)}, which its page does not give",
                    "a reply repeats what its page says: give the figure on the page, with its source, or leave it out"))
    for rule in rules:
        never, when, needs = (rule.get(part, {}).get(code) for part in ("never", "when", "needs"))
        if never and (match := re.search(never, text, re.IGNORECASE)):
            out.append((f"{rule['name']}: '{match.group(0)}'", rule.get("hint") or "see data/site.yml replies"))
        if needs and (not when or re.search(when, text, re.IGNORECASE)) and not re.search(needs, text, re.IGNORECASE):
            out.append((f"{rule['name']}: the reply lacks it", rule.get("hint") or "see data/site.yml replies"))
    return out


def check(session, report: Report) -> None:
    """Every page, FAQ answer and tree node has a reply in every language, and every reply
    follows the content rules."""
    project, catalog = session.project, session.catalog
    data = catalog.files["answers"]
    default = project.default_language.code
    most = project.settings.reply_max_sentences
    rules = catalog.site.replies
    for answer in session.answers:
        record = catalog.answers.get(answer.id)
        if record is None or record.reply is None:
            if answer.kind not in NEEDED or (record is None and answer.kind != "page"):
                continue  # a FAQ answer or tree node with no entry: the evidence check asks for one, reply included
            what = {"page": "page", "answer": "FAQ answer", "node": "tree node"}[answer.kind]
            if record is None:
                found = session.scanned[answer.page][default]
                title = next((a for a in found.headings if a.level == 1), None)
                name, line = project.rel(found.page.path), title.line if title else 1
                hint = f"add '- id: {answer.id}' with 'reply:' ({', '.join(project.codes)}) to {data.name}"
            else:
                name, line = data.name, record.line
                hint = f"add 'reply:' with {', '.join(c + ':' for c in project.codes)} to its entry"
            report.error(ContentError(name, line, f"the {what} '{answer.id}' has no reply for agents", hint))
            continue
        for code in project.codes:
            page = session.pairs.get(answer.page, {}).get(code)
            page_text = page.text if page is not None else ""
            for message, hint in problems(record.reply[code], answer.reply[code], page_text, rules, code, most):
                report.error(data.error(record.location + ("reply", code),
                                        f"answer '{answer.id}', {language_name(code)} reply: {message}", hint))
