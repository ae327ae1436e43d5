"""Words people use: data/search/<lang>.yml and a page's own `search:` front matter.

- `synonyms`: groups of words or phrases that mean the same to someone searching. They rank
  results and are never shown (scripts/search/index.py indexes them as stems only).
- `topics`: the A–Z topic index (the `<!-- topic-index -->` marker; scripts/search/extension.py),
  a word of everyday speech and the answer it leads to (`page.md` or `page.md#id`). An answer
  that moved is followed through the anchor lock, like every published link.
- front matter `search:`: an answer's own search words, by the ID of its heading.

`check` holds all three to the pages: `make check` names the file and line of a topic that
leads nowhere, a group of one word, or search words for an ID the page does not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from scripts.core import yamlfile
from scripts.core.errors import ContentError
from scripts.search.match import normalize, terms

FOLDER = "search"  # data/search/<lang>.yml
FRONT_MATTER_KEY = "search"


@dataclass(frozen=True)
class Topic:
    word: str
    answer: str  # 'page.md' or 'page.md#id', inside the language folder
    line: int = 0


@dataclass
class Vocabulary:
    lang: str
    groups: list[list[str]] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    name: str = ""  # the file, for messages ('' when the language has none)
    problems: list[ContentError] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path, lang: str, root: Path | None = None) -> "Vocabulary":
        """The file's words; what is malformed is left out and listed in `problems`."""
        if not path.is_file():
            return cls(lang)
        try:
            file = yamlfile.load(path, root)
        except ContentError as err:
            return cls(lang, name=err.path, problems=[err])
        vocab = cls(lang, name=file.name)
        data = file.value if isinstance(file.value, dict) else {}
        if not isinstance(file.value, dict):
            vocab.problems.append(file.error((), "expected `synonyms:` and `topics:`",
                                             "see the comment at the top of data/search/es.yml"))
        for i, group in enumerate(data.get("synonyms") or []):
            words = [str(w) for w in group] if isinstance(group, list) else []
            if len(words) < 2:
                vocab.problems.append(file.error(("synonyms", i), "a group of search words needs two or more words",
                                                 "write the words that mean the same in one list: [clave, contraseña]"))
                continue
            vocab.groups.append(words)
        for i, topic in enumerate(data.get("topics") or []):
            if not isinstance(topic, dict) or not topic.get("word") or not topic.get("answer"):
                vocab.problems.append(file.error(("topics", i), "a topic needs `word` and `answer`",
                                                 "for example {word: Spam, answer: problemas/correo-no-llega.md#revisar-spam}"))
                continue
            vocab.topics.append(Topic(str(topic["word"]), str(topic["answer"]), file.line(("topics", i))))
        return vocab

    @cached_property
    def phrases(self) -> list[list[list[str]]]:
        """Each group's members as stems, worked out once."""
        return [[terms(member, self.lang) for member in group] for group in self.groups]

    def expansions(self, stems: list[str]) -> list[str]:
        """The stems of every word equivalent to one found in `stems` (a phrase counts in order)."""
        out: list[str] = []
        present = set(stems)
        for phrases in self.phrases:
            found = [i for i, phrase in enumerate(phrases)
                     if phrase and phrase[0] in present and (len(phrase) == 1 or _contains(stems, phrase))]
            if found:
                for i, phrase in enumerate(phrases):
                    if i not in found:
                        out.extend(phrase)
        return out


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def load_all(project) -> dict[str, Vocabulary]:
    folder = project.data_dir / FOLDER
    return {code: Vocabulary.load(folder / f"{code}.yml", code, project.root) for code in project.codes}


def resolver(lock):
    """Where an answer ('page.md#id') is now: moved pages and IDs of the anchor lock."""
    def resolve(answer: str) -> str:
        seen = set()
        while answer not in seen:
            seen.add(answer)
            page, _, anchor = answer.partition("#")
            if anchor and (page, anchor) in lock.moved_anchors:
                answer = str(lock.moved_anchors[(page, anchor)])
            elif page in lock.moved_pages:
                answer = lock.moved_pages[page] + (f"#{anchor}" if anchor else "")
        return answer

    return resolve


def topic_index(vocab: Vocabulary, resolve=None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The A–Z index: [(letter, [(word, answer), …]), …], sorted as readers expect."""
    letters: dict[str, list[tuple[str, str]]] = {}
    for topic in vocab.topics:
        answer = resolve(topic.answer) if resolve else topic.answer
        letters.setdefault(normalize(topic.word[:1]).upper(), []).append((topic.word, answer))
    return [(letter, sorted(items, key=lambda item: normalize(item[0])))
            for letter, items in sorted(letters.items())]


def page_words(meta: dict) -> dict[str, list[str]]:
    """A page's own search words by ID (front matter `search:`); malformed entries are dropped
    (the check reports them)."""
    found = meta.get(FRONT_MATTER_KEY)
    if not isinstance(found, dict):
        return {}
    return {str(k): [str(w) for w in (v if isinstance(v, list) else [v])] for k, v in found.items() if v}


def check(session, report) -> None:
    """The words files read, each topic leads to an ID that exists (after moves), and a page's
    own search words name IDs that are on it."""
    project = session.project
    resolve = resolver(session.lock)
    scanned = session.scanned
    for code, vocab in session.vocabularies.items():
        report.error(*vocab.problems)
        for topic in vocab.topics:
            page, _, anchor = resolve(topic.answer).partition("#")
            versions = scanned.get(page, {})
            # A page or ID missing from one translation only is the translation's error
            # (pages and IDs checks), not one more line here.
            if not versions:
                report.error(ContentError(vocab.name, topic.line, f"the topic '{topic.word}' leads to "
                                          f"'{page}', which is not a page in docs/{code}/",
                                          "write the page's path inside the language folder, e.g. recuperar-clave.md"))
            elif anchor and not any(anchor in found.ids for found in versions.values()):
                report.error(ContentError(vocab.name, topic.line, f"the topic '{topic.word}' leads to "
                                          f"'#{anchor}', which {page} does not have",
                                          "use one of the page's explicit IDs, or only the page"))
    for pages in session.pages.values():
        for page in pages:
            if FRONT_MATTER_KEY not in page.meta:
                continue
            line = page.meta_line(FRONT_MATTER_KEY)
            where = project.rel(page.path)
            value = page.meta[FRONT_MATTER_KEY]
            if not isinstance(value, dict) or not all(isinstance(v, (list, str)) for v in value.values()):
                report.error(ContentError(where, line, "`search:` must map a heading's ID to its search words",
                                          "for example:  search:\\n  como-desbloquear: [cuenta bloqueada]"))
                continue
            ids = scanned.get(page.rel, {}).get(page.language)
            unknown = sorted(set(map(str, value)) - set(ids.ids if ids else ()))
            if unknown:
                report.error(ContentError(where, line, f"search words for IDs this page does not have: "
                                          f"{', '.join(unknown)}", "use the ID of one of the page's headings"))
