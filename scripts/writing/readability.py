"""How easy each page is to read: a reading-ease score per page and language.

Spanish pages are scored with Fernández-Huerta (1959, with Law's 2011 correction);
English pages with Flesch reading ease (1948). Both run from 0 (very hard) to 100 (very
easy); 60–70 is plain everyday prose and 80+ is easy. Only the prose a reader sees is
scored: front matter, HTML comments and tags, code, URLs and Markdown syntax are removed;
headings, list items, table cells and admonition titles count as sentences of their own
(they end where the reader's eye stops, with or without a full stop).

Syllables are counted here, not by textstat: its English counter downloads the CMU
dictionary at run time (no network in checks), and its Spanish one follows hyphenation
rules, which undercount ("co-rreo" is three syllables). Spanish syllables follow the
spelling rules (vowel nuclei, diphthongs, hiatus, silent u in que/qui/gue/gui); English
uses the usual vowel-group heuristic. Both err by a syllable now and then; every page
is measured the same way, so the scores compare fairly.

To recalibrate the thresholds: `python -m scripts readability` prints every page's score
and the lowest ones; set `readability_min` (mkdocs.yml) a few points under the pages the editors accept.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass

from scripts.core.errors import ContentError
from scripts.core.pages import Page, all_pages
from scripts.core.project import Project
from scripts.core.report import Report

# The minimum score of a page, the words a page needs to be scored and the longest sentence
# allowed are settings (scripts/config.py: readability_min, readability_min_words,
# max_sentence_words), set for this guide in mkdocs.yml. This guide's values, set on
# 2026-11-21 from the first drafts (lowest: es 76, en 74; medians 85 and 84): 70 is where
# "fairly easy" starts on both scales (Fernández-Huerta 70–80 "bastante fácil"; Flesch 70–80,
# about age 12-13), a few points under the lowest page, so a long sentence or two still pass
# but a page written like a regulation does not. A sentence over 25 words is hard to follow
# on a phone, under stress: the usual ceiling of plain-language guides (GOV.UK aims at 25 at
# most; the Spanish "lectura fácil" guidelines, shorter still). Recalibrate with
# `python -m scripts readability` when the content settles.
LONG_HINT = "split it into two sentences: one idea each"
FORMULAS = {"es": "Fernández-Huerta", "en": "Flesch"}
HINT = "use shorter sentences and everyday words; see CONTRIBUTING.md, 'Write so everyone understands'"


# ---------------------------------------------------------------------------
# From Markdown to the prose a reader sees

_FRONT_MATTER_RE = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", re.S)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2[^\S\n]*$", re.S | re.M)
_BLOCK_TAG_RE = re.compile(r"</?(?:p|div|li|ol|ul|h[1-6]|table|thead|tbody|tr|td|th|section|details|summary|"
                           r"blockquote|dl|dt|dd|br|hr|footer|header|nav|figure|figcaption)\b[^>]*>", re.I)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto|ftp):[^>]*>", re.I)
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:ec|com|org|net|gob|gov|io)\b\S*", re.I)
_ATTR_LIST_RE = re.compile(r"\{\s*[:#.][^}]*\}|\{:\s*[^}]*\}")
_REF_DEF_RE = re.compile(r"^\s*(?:\[[^\]]+\]:\s+\S+.*|\*\[[^\]]+\]:.*)$", re.M)
_ENTITY_RE = re.compile(r"&[a-zA-Z]+;|&#\d+;")
_TITLE_LINE_RE = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)\s*(?:[\w-]+(?:\s+[\w-]+)*)?\s*(?:\"(?P<title>[^\"]*)\")?\s*$")
_BLOCK_START_RE = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|\|)")
_MARKER_RE = re.compile(r"^\s*(?:#{1,6}\s+|(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?|>\s*)")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{1,3}|~~|==|\^\^)(?=\S)(.+?)(?<=\S)\1")


def _inline(text: str) -> str:
    text = _IMAGE_RE.sub(" ", text)
    text = _AUTOLINK_RE.sub(" ", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(" ", text)
    text = _ATTR_LIST_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _ENTITY_RE.sub(" ", text)
    for _ in range(2):
        text = _EMPHASIS_RE.sub(r"\2", text)
    text = re.sub(r"#+\s*$", "", text)  # closing hashes of an ATX heading
    return " ".join(text.split())


def units(markdown: str) -> list[str]:
    """The pieces of prose a reader sees, one per paragraph, heading, list item or cell."""
    text = _FRONT_MATTER_RE.sub("", markdown.replace("\r\n", "\n"), count=1)
    text = _COMMENT_RE.sub("\n", text)
    text = _FENCE_RE.sub("\n", text)
    text = _REF_DEF_RE.sub("", text)
    text = _BLOCK_TAG_RE.sub("\n\n", text)
    text = _TAG_RE.sub(" ", text)
    out: list[str] = []
    current: list[str] = []

    def close():
        if current:
            out.append(_inline(" ".join(current)))
            current.clear()

    for line in text.splitlines():
        if not line.strip() or _TABLE_RULE_RE.match(line):
            close()
            continue
        if match := _TITLE_LINE_RE.match(line):
            close()
            if match.group("title"):
                out.append(_inline(match.group("title")))
            continue
        if line.lstrip().startswith("|"):
            close()
            out.extend(_inline(cell) for cell in line.strip().strip("|").split("|"))
            continue
        if _BLOCK_START_RE.match(line):
            close()
        current.append(_MARKER_RE.sub("", line))
    close()
    return [unit for unit in out if _WORD_RE.search(unit)]


def prose(markdown: str) -> str:
    """The page as plain text, one unit per line (for people checking what is scored)."""
    return "\n".join(units(markdown))


# ---------------------------------------------------------------------------
# Counting

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?…]+[»\"')\]]*(?=\s+\S)")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def sentences(unit: str) -> int:
    """Sentences in one unit: the unit itself, split at . ! ? … followed by more text."""
    return 1 + len(_SENTENCE_END_RE.findall(unit))


_ES_STRONG = set("aeoáéíóú")  # an accented i or u breaks a diphthong, like a strong vowel
_ES_VOWELS = _ES_STRONG | set("iuüy")


def syllables_es(word: str) -> int:
    """Spanish syllables: vowel groups, split where two strong vowels meet (hiatus)."""
    word = word.lower()
    word = re.sub(r"(?<=[qg])u(?=[eéií])", "", word)  # que, qui, gue, gui: the u is silent
    word = re.sub(r"y(?=[aeiouáéíóú])", "j", word)  # y before a vowel is a consonant (yo, ayer)
    count, previous = 0, ""
    for char in word:
        if char not in _ES_VOWELS:
            previous = ""
            continue
        if not previous or (previous in _ES_STRONG and char in _ES_STRONG):
            count += 1
        previous = char
    return max(1, count)


_EN_SUFFIX_RE = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^leaiouy]e)$")


def syllables_en(word: str) -> int:
    """English syllables: vowel groups, less a silent final e, -ed or -es (a heuristic)."""
    word = word.lower().replace("’", "'").split("'")[0]
    if len(word) <= 3:
        return 1
    keep = ("ted", "ded", "le", "ses", "xes", "zes", "ches", "shes", "ces", "ges")  # a spoken ending
    stem = word if word.endswith(keep) else _EN_SUFFIX_RE.sub("", word)
    stem = re.sub(r"^y", "", stem)
    return max(1, len(re.findall(r"[aeiouy]+", stem)))


SYLLABLES = {"es": syllables_es, "en": syllables_en}


# ---------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Score:
    language: str
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words

    @property
    def value(self) -> float:
        if not self.words:
            return 0.0
        if self.language == "es":  # Fernández-Huerta, corrected (Law 2011)
            return 206.84 - 60.0 * self.syllables_per_word - 1.02 * self.words_per_sentence
        return 206.835 - 84.6 * self.syllables_per_word - 1.015 * self.words_per_sentence  # Flesch

    def judged(self, min_words: int) -> bool:
        return self.words >= min_words


def score_units(pieces: list[str], language: str) -> Score:
    count = SYLLABLES.get(language, syllables_en)
    found = [w for piece in pieces for w in words(piece)]
    return Score(language, len(found), sum(sentences(p) for p in pieces) if found else 0,
                 sum(count(w) for w in found))


def score_text(text: str, language: str) -> Score:
    """Score plain text: paragraphs (blank-line separated) are units."""
    return score_units([p for p in re.split(r"\n\s*\n", text) if words(p)], language)


def score_page(page: Page) -> Score:
    return score_units(units(page.text), page.language)


def long_sentences(unit: str, max_words: int) -> list[str]:
    """The sentences of one unit that have more than `max_words` words."""
    out, start = [], 0
    for match in list(_SENTENCE_END_RE.finditer(unit)) + [None]:
        end = match.end() if match else len(unit)
        sentence = unit[start:end].strip()
        if len(words(sentence)) > max_words:
            out.append(sentence)
        start = end
    return out


def _line_of(text: str, sentence: str) -> int | None:
    """The file line where a sentence starts, found by its first words."""
    first = words(sentence)[:5]
    match = re.search(r"\W+".join(re.escape(w) for w in first), text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def threshold(language: str, settings) -> float:
    """The minimum reading-ease score of a page in this language."""
    limits = settings.readability_min
    return float(limits.get(language, limits.get("default", 70.0)))


def check(session, report: Report) -> None:
    """A note with every page's score; an error for a page under its language's threshold; a
    warning for each sentence that is too long."""
    project, settings = session.project, session.settings
    scores = {code: {p.rel: (p, score_page(p)) for p in pages} for code, pages in session.pages.items()}
    report.note(table(project, scores, settings))
    for code, pages in scores.items():
        for rel, (page, score) in pages.items():
            for unit in units(page.text):
                for sentence in long_sentences(unit, settings.max_sentence_words):
                    shown = sentence if len(sentence) <= 70 else sentence[:67] + "…"
                    report.warn(ContentError(project.rel(page.path), _line_of(page.text, sentence),
                                             f"a sentence of {len(words(sentence))} words: '{shown}'", LONG_HINT))
            if score.judged(settings.readability_min_words) and score.value < threshold(code, settings):
                report.error(ContentError(
                    project.rel(page.path), 1,
                    f"hard to read: {FORMULAS.get(code, 'Flesch')} reading ease {score.value:.0f} is under "
                    f"{threshold(code, settings):.0f} ({score.words_per_sentence:.0f} words per sentence, "
                    f"{score.syllables_per_word:.2f} syllables per word)", HINT))


def table(project: Project, scores: dict[str, dict[str, tuple[Page, Score]]], settings) -> str:
    codes = project.codes
    min_words = settings.readability_min_words
    rels = sorted({rel for pages in scores.values() for rel in pages})
    width = max([len(r) for r in rels] + [4])
    rules = ", ".join(f"{c} {FORMULAS.get(c, 'Flesch')} ≥ {threshold(c, settings):.0f}" for c in codes)
    lines = [f"readability ({rules}; pages under {min_words} words are not judged, '~'):",
             "  " + "page".ljust(width) + "".join(f"{c:>6}" for c in codes)]
    for rel in rels:
        cells = []
        for code in codes:
            entry = scores.get(code, {}).get(rel)
            if entry is None:
                cells.append(f"{'-':>6}")
            else:
                score = entry[1]
                mark = "" if score.judged(min_words) else "~"
                flag = "!" if score.judged(min_words) and score.value < threshold(code, settings) else ""
                cells.append(f"{flag}{mark}{score.value:.0f}".rjust(6))
        lines.append("  " + rel.ljust(width) + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts readability", description=(
        "Print each page's reading-ease score, the figures behind it, and the lowest scores "
        "per language (to set readability_min in mkdocs.yml). With a page path, print the "
        "prose that is scored, one unit per line."))
    parser.add_argument("pages", nargs="*", help="pages whose scored prose to print (default: none)")
    args = parser.parse_args(argv)
    project = Project.here()
    settings = project.settings
    min_words = settings.readability_min_words
    if args.pages:
        for name in args.pages:
            page = next((p for pages in all_pages(project).values() for p in pages
                         if project.rel(p.path) == name.rstrip("/")), None)
            if page is None:
                raise ContentError(name, None, "not a page in docs/", "give a path such as docs/es/index.md")
            score = score_page(page)
            print(prose(page.text))
            print(f"\n{name}: {score.value:.1f} ({score.words} words, {score.sentences} sentences, "
                  f"{score.syllables} syllables)")
        return 0
    for code, pages in all_pages(project).items():
        scored = sorted(((score_page(p), p) for p in pages), key=lambda item: item[0].value)
        print(f"{code} ({FORMULAS.get(code, 'Flesch')}, threshold {threshold(code, settings):.0f}):")
        for score, page in scored:
            note = "" if score.judged(min_words) else f"  (under {min_words} words: not judged)"
            print(f"  {score.value:6.1f}  {score.words:5d} words  {score.words_per_sentence:5.1f} w/s  "
                  f"{score.syllables_per_word:.2f} syl/w  {page.rel}{note}")
        judged = [s.value for s, _ in scored if s.judged(min_words)]
        if judged:
            print(f"  lowest judged: {min(judged):.1f}; median: {sorted(judged)[len(judged) // 2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
