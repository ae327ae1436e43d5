"""The matching rules of the search and of the agents' filter, in Python.

Twin of docs/assets/javascripts/textmatch.js: the browser tests hold both to the same output
word for word. Case and accents never matter (`olvidé` = `olvide` = `OLVIDÉ`), small words
(`de`, `the`) are dropped, words are cut to a light stem (`bloqueada`, `bloqueo` -> `bloque`;
`locked`, `locks` -> `lock`), and a word of 4+ letters may have one typo (8+: two), never in
its first letter.
"""

from __future__ import annotations

import re
import unicodedata


STOPWORDS = {
    "es": set("""a al algo como con cual de del donde e el en eres es esa ese eso esta estan este esto
        estoy ha hace hacer haces hago hay la las le les lo los me mi mis muy ni no o para pero por
        porque q que se si sin soy su sus te tengo ti tu tus u un una unas uno unos y ya yo""".split()),
    "en": set("""a am an and any are as at be been but by can cant could did didnt do does doesnt dont
        for from had has have how i if im in is isnt it its ive me my no not of on or our so that
        the their them there this to was we were what whats when where which who why will with
        won wont would you your""".split()),
}

# Light stemmers: one suffix off, the first in this order that leaves a stem of 3+ letters
# (4+ for a suffix of 3+ letters).
SUFFIXES = {
    "es": ("amientos imientos amiento imiento aciones iciones uciones acion icion ucion mente idades idad "
           "ando iendo aron ieron aste iste amos emos imos ados idos adas idas ado ido ada ida "
           "aba ian ia an en ar er ir as es os a e o s").split(),
    "en": "ations ation ings ing edly ies ied ed es ly e s".split(),
}
MIN_STEM = 3


def normalize(text: str) -> str:
    """Lower case, no accents: 'OLVIDÉ' -> 'olvide', 'contraseña' -> 'contrasena'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, normalized; apostrophes join ("didn't" -> 'didnt')."""
    return re.findall(r"[a-z0-9]+", normalize(text).replace("'", "").replace("\u2019", ""))


def stem(word: str, lang: str) -> str:
    if word.isdigit() or len(word) <= MIN_STEM:
        return word
    for suffix in SUFFIXES.get(lang, ()):
        # a long suffix needs a longer stem: 'olvido' is not 'olv' + 'ido'
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM + (len(suffix) > 2):
            base = word[: -len(suffix)]
            if suffix == "s" and base[-1] in "su" + ("i" if lang == "en" else ""):
                continue  # 'iess', 'status', 'this'
            if lang == "en":
                if suffix in ("ies", "ied"):
                    return base + "y"
                if suffix in ("ed", "ing", "edly") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                    return base[:-1]  # 'logged' -> 'log'
            return base
    return word


def terms(text: str, lang: str) -> list[str]:
    """What is indexed and searched: stems of the words that carry meaning, in order."""
    stop = STOPWORDS.get(lang, set())
    return [stem(w, lang) for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]


def typo_allowance(term: str) -> int:
    """How many letters a query term may have wrong (Levenshtein distance)."""
    return 2 if len(term) >= 8 else 1 if len(term) >= 4 else 0


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is known to be larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def term_matches(query_term: str, text_term: str, prefix: bool = False) -> bool:
    if query_term == text_term or (prefix and text_term.startswith(query_term)):
        return True
    # a typo never changes the first letter: an acronym with one more letter in front names
    # another thing ("xabc" is not "abc"), while "olvdo" is still "olvido"
    if query_term[:1] != text_term[:1]:
        return False
    allowed = typo_allowance(query_term)
    return allowed > 0 and distance(query_term, text_term, allowed) <= allowed


def matches(query: str, text: str, lang: str) -> bool:
    """Every meaningful query word is in the text (stem, typo or, for the last word, prefix).

    The filter of the agents' table uses the same rule (textmatch.js `matches`).
    """
    wanted = terms(query, lang)
    have = set(terms(text, lang))
    return bool(wanted) and all(
        any(term_matches(q, t, prefix=(i == len(wanted) - 1)) for t in have) for i, q in enumerate(wanted)
    )
