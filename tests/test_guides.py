"""The guides as a reader gets them: every page of the brief in both languages, no seed junk,
safe links, and the security page's list of official domains.

Definitions used below:

- *Content* is the page's `<article>`: what the guide says, without Material's header,
  navigation and footer.
- An *action link* is any link in the content that leaves the site, except those in the
  review and sources section (`<section class="page-review">`), which cites documents
  (press, third-party guides) rather than sending the reader to do something. Every
  action link must be https and go to an official domain (data/site.yml
  `official_domains`, subdomains included) or to a host listed, with the reason, in
  data/site.yml `other_hosts` (for example github.com, to report a mistake in this guide).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.core import build
from scripts.core import facts as catalog
from scripts.core import vocabulary
from scripts.steps import markers as steps
from scripts.core.markdown import fenced
from scripts.core.pages import Page, pairs

# Section 4 of the content brief: the pages the site needs, by path inside a language folder.
BRIEF_PAGES = (
    "index.md",
    "recuperar-clave.md",
    "desbloquear-clave.md",
    "clave-empleador.md",
    "actualizar-datos.md",
    "problemas/correo-no-llega.md",
    "problemas/verificar-identidad.md",
    "problemas/empleador-no-puede-entrar.md",
    "metodos-verificacion.md",
    "seguridad.md",
    "preguntas-frecuentes.md",
    "agentes.md",
    "acerca.md",
)

# The guides people come for: each answers who it is for, what you need, how you know it
# worked, and what to do when it did not (with a link into a troubleshooting tree).
GUIDES = ("recuperar-clave.md", "desbloquear-clave.md", "clave-empleador.md", "actualizar-datos.md")
GUIDE_SECTIONS = ("para-quien", "antes-de-empezar", "como-saber", "si-falla")

# Lines of the seed article that must never reach a reader, each with a line of the seed it
# must catch. Patterns are narrow so that the guide's own figures ("3 minutos", "6 a 15")
# never trip them.
FORBIDDEN = (
    ("spam post", r"Post\s*4765519", "Post 4765519: animated Jaiden"),
    ("spam name", r"\bJaiden", "Jaiden_Animations"),
    ("spam name", r"MrLewdologist", "MrLewdologist YouTube"),
    ("invented statistic", r"(?<![\d.,])14\s?%", "approximately 14% of users"),
    ("invented statistic", r"\bQ1\s+(?:of\s+)?2026\b", "Statistics from Q1 2026"),
    ("invented statistic", r"primer\s+trimestre\s+(?:de|del)\s+2026", "en el primer trimestre de 2026"),
    ("invented rating", r"(?<![\d.,])4[.,]7\s*/\s*5\b", "Average reader rating: 4.7/5"),
    ("invented rating", r"\b157\s+(?:verified|reviews|rese[ñn]as|opiniones|valoraciones)", "157 verified internal reviews"),
    ("invented rating", r"average\s+reader\s+rating", "Average reader rating"),
    ("reliability column", r"reliability\s+score", "Reliability Score"),
    ("reliability column", r"(?:puntuaci[oó]n|[ií]ndice|nivel)\s+de\s+(?:con)?fiabilidad", "Puntuación de fiabilidad"),
    ("author byline", r"Ponce\s+Villamar", "Written by Andres Ponce Villamar"),
    ("author bio", r"heritage\s+curator", "Heritage Curator"),
    ("author bio", r"curador(?:a)?\s+de(?:l)?\s+patrimonio", "curador de patrimonio"),
    ("author bio", r"view\s+full\s+profile", "View Full Profile"),
    ("seed footer", r"explore\s+more\s+similar\s+topics", "Explore More Similar Topics"),
    ("seed footer", r"explora\s+m[aá]s\s+temas\s+similares", "Explora más temas similares"),
)
FORBIDDEN_RE = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern, _ in FORBIDDEN]
# The seed table's reliability values, as whole table cells.
RELIABILITY_VALUES = {"absolute", "absoluta", "absoluto", "very high", "muy alta", "muy alto"}
RELIABILITY_HEADER_RE = re.compile(r"reliab|fiabilidad", re.IGNORECASE)

# Text the guide legitimately says, which no pattern may match.
LEGITIMATE = (
    "El enlace vale solo 3 minutos.",
    "de enero a septiembre de 2024 fueron 11 425 personas",
    "el portal acepta de 6 a 15 letras o números",
    "cobraban entre 3 y 5 dólares",
    "Absolutamente nada: los trámites son gratuitos.",
    "Reviewed on 14 November 2026; 114 % is not a figure we use.",
)

HEADING_RE = re.compile(r"^\s*(#{1,6})\s+(?P<text>.*?)\s*$")
EXPLICIT_ID_RE = re.compile(r"\{\s*#(?P<id>[^\s}]+)[^}]*\}\s*$")


# ---------------------------------------------------------------------------
# Reading pages


def source_headings(page: Page) -> list[tuple[int, str, str | None]]:
    """(line, text, explicit ID or None) of every Markdown heading outside fenced code."""
    out = []
    for number, (line, code) in enumerate(fenced(page.body.splitlines()), start=page.body_offset + 1):
        if code:
            continue
        if match := HEADING_RE.match(line):
            found = EXPLICIT_ID_RE.search(match.group("text"))
            out.append((number, match.group("text"), found.group("id") if found else None))
    return out


@dataclass
class Link:
    href: str
    line: int
    in_review: bool  # inside <section class="page-review">


@dataclass
class BuiltPage:
    """What a reader gets from one built page: content headings, links, tables and all visible text."""

    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, id) inside <article>
    content_links: list[Link] = field(default_factory=list)  # <a href> inside <article>
    all_links: list[Link] = field(default_factory=list)  # every <a href> on the page
    header_cells: list[str] = field(default_factory=list)  # <th> texts
    data_cells: list[str] = field(default_factory=list)  # <td> texts
    code_in: dict[str, list[str]] = field(default_factory=dict)  # <code> texts inside <div class="…">
    text: str = ""  # visible text (no script or style)


class _Reader(HTMLParser):
    def __init__(self, page: BuiltPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.article = 0
        self.review = 0
        self.skip = 0  # inside <script> or <style>
        self.cell: tuple[str, list[str]] | None = None
        self.code: list[str] | None = None
        self.divs: list[str] = []  # class of each open <div>
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article":
            self.article += 1
        elif tag == "section" and "page-review" in classes:
            self.review += 1
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag == "div":
            self.divs.append(" ".join(classes))
        elif tag in ("th", "td"):
            self.cell = (tag, [])
        elif tag == "code":
            self.code = []
        if re.fullmatch(r"h[1-6]", tag) and self.article and attributes.get("id"):
            self.page.headings.append((tag, attributes["id"]))
        if tag == "a" and attributes.get("href") is not None:
            link = Link(attributes["href"].strip(), self.getpos()[0], self.review > 0)
            self.page.all_links.append(link)
            if self.article:
                self.page.content_links.append(link)

    def handle_endtag(self, tag):
        if tag == "article":
            self.article -= 1
        elif tag == "section" and self.review:
            self.review -= 1
        elif tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag == "div" and self.divs:
            self.divs.pop()
        elif tag in ("th", "td") and self.cell:
            text = " ".join("".join(self.cell[1]).split())
            (self.page.header_cells if self.cell[0] == "th" else self.page.data_cells).append(text)
            self.cell = None
        elif tag == "code" and self.code is not None:
            for div_class in self.divs:
                for name in div_class.split():
                    self.page.code_in.setdefault(name, []).append("".join(self.code).strip())
            self.code = None

    def handle_data(self, data):
        if self.skip:
            return
        self.parts.append(data)
        if self.cell:
            self.cell[1].append(data)
        if self.code is not None:
            self.code.append(data)

    def close(self):
        super().close()
        self.page.text = " ".join(" ".join(self.parts).split())


def read(path: Path) -> BuiltPage:
    page = BuiltPage()
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return page


def built_path(site: Path, project, language: str, rel: str) -> Path:
    """Where MkDocs writes a page: <prefix><stem>/index.html, or <prefix>index.html for a home page."""
    stem = rel[:-3]
    base = site / project.language(language).prefix
    if stem == "index" or stem.endswith("/index"):
        return base / stem[:-5] / "index.html"
    return base / stem / "index.html"


def external(href: str) -> bool:
    return href.startswith("//") or urlsplit(href).scheme in ("http", "https")


def action_link_problems(site: Path, project, site_data: catalog.Site) -> list[str]:
    """Every external link in page content, outside the review footer, that is not https or
    leaves the official domains (and the documented `other_hosts`)."""
    problems = []
    for rel in pairs(project):
        for language in project.codes:
            path = built_path(site, project, language, rel)
            if not path.is_file():
                continue
            for link in read(path).content_links:
                if link.in_review or not external(link.href):
                    continue
                host = (urlsplit(link.href).hostname or "").lower()
                where = f"{path.relative_to(site)}:{link.line}: {link.href}"
                if not link.href.startswith("https://"):
                    problems.append(f"{where} is not https")
                elif not (site_data.is_official(link.href) or host in site_data.other_hosts):
                    problems.append(f"{where} leaves the official domains ({host})")
    return problems


@pytest.fixture(scope="module")
def data(project) -> catalog.Catalog:
    return catalog.load(project)


# ---------------------------------------------------------------------------
# Pages and headings


@pytest.mark.parametrize("rel", BRIEF_PAGES)
def test_brief_page_exists_in_both_languages_with_the_same_explicit_heading_ids(project, rel):
    versions = pairs(project).get(rel, {})
    missing = [code for code in project.codes if code not in versions]
    assert not missing, f"{rel} is missing in: {', '.join(missing)}"
    ids = {}
    for code, page in versions.items():
        headings = source_headings(page)
        assert headings, f"{project.rel(page.path)} has no heading"
        bare = [f"{project.rel(page.path)}:{line}: {text}" for line, text, found in headings if found is None]
        assert not bare, "headings without an explicit {#id}:\n" + "\n".join(bare)
        bad = [found for _, _, found in headings if not vocabulary.ID_RE.match(found)]
        assert not bad, f"{project.rel(page.path)}: IDs must be lowercase ASCII words joined by '-': {bad}"
        ids[code] = [found for _, _, found in headings]
    default = project.default_language.code
    for code, found in ids.items():
        assert found == ids[default], (
            f"{rel}: the {code} headings' IDs differ from {default}:\n  {default}: {ids[default]}\n  {code}: {found}")


@pytest.mark.parametrize("rel", BRIEF_PAGES)
def test_built_pages_have_the_same_heading_ids_in_every_language(built_site, project, rel):
    found = {code: read(built_path(built_site, project, code, rel)).headings for code in project.codes}
    default = project.default_language.code
    for code, headings in found.items():
        assert headings == found[default], f"{rel}: {code} headings {headings} != {default} {found[default]}"


@pytest.mark.parametrize("rel", GUIDES)
def test_each_guide_answers_the_readers_questions(built_site, project, rel):
    for code in project.codes:
        page = read(built_path(built_site, project, code, rel))
        ids = [heading_id for _, heading_id in page.headings]
        missing = [section for section in GUIDE_SECTIONS if section not in ids]
        assert not missing, f"{code}/{rel} lacks the sections {missing}"
        nodes = [link.href for link in page.content_links if "problemas/" in link.href and "#" in link.href]
        assert nodes, f"{code}/{rel} links to no node of a troubleshooting tree"
        assert "CAU" in page.text, f"{code}/{rel} does not say where to get help in person"


ORDERED_ITEM_RE = re.compile(r"^\s*\d+[.)]\s")


@pytest.mark.parametrize("rel", GUIDES)
def test_each_guide_numbers_only_steps_from_data(project, rel):
    """Numbered steps come from data/procedures.yml, never typed into the page."""
    for code in project.codes:
        page = pairs(project)[rel][code]
        regions = steps.find_regions(page.text, project.rel(page.path))
        assert regions, f"{code}/{rel} shows no procedure"
        inside = {line for r in regions for line in range(r.open_line, r.close_line + 1)}
        typed = [f"{project.rel(page.path)}:{number}: {line.strip()}"
                 for number, line in enumerate(page.text.splitlines(), start=1)
                 if number not in inside and ORDERED_ITEM_RE.match(line)]
        assert not typed, "hand-written numbered lists:\n" + "\n".join(typed)


# ---------------------------------------------------------------------------
# What must never appear


def test_forbidden_patterns_catch_the_seed_and_spare_the_guide():
    for name, pattern, sample in FORBIDDEN:
        assert re.search(pattern, sample, re.IGNORECASE), f"{name}: /{pattern}/ misses the seed's '{sample}'"
    for text in LEGITIMATE:
        hits = [name for name, regex in FORBIDDEN_RE if regex.search(text)]
        assert not hits, f"'{text}' is legitimate but matches {hits}"


def _forbidden_in(text: str) -> list[str]:
    return [f"{name}: '{match.group(0)}'" for name, regex in FORBIDDEN_RE if (match := regex.search(text))]


def test_no_seed_junk_anywhere_in_the_built_site(built_site):
    problems = []
    for path in sorted(built_site.rglob("*.html")):
        page = read(path)
        problems += [f"{path.relative_to(built_site)}: {hit}" for hit in _forbidden_in(page.text)]
        for cell in page.header_cells:
            if RELIABILITY_HEADER_RE.search(cell):
                problems.append(f"{path.relative_to(built_site)}: table column '{cell}'")
        for cell in page.data_cells:
            if cell.lower() in RELIABILITY_VALUES:
                problems.append(f"{path.relative_to(built_site)}: table cell '{cell}'")
    for index in (built_site / "search").glob("*.json"):
        for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
            text = f"{doc.get('t', '')} {doc.get('x', '')}"
            problems += [f"{index.relative_to(built_site)} ({doc.get('u')}): {hit}" for hit in _forbidden_in(text)]
    assert not problems, "seed junk in the site:\n" + "\n".join(problems)


# The seed's wait times have no source (BRIEF.md, section 3): the guide publishes none.
UNSOURCED_WAITS = (r"5\s*(?:a|to|-|–)\s*15\s*min", r"1\s*(?:a|to|-|–)\s*3\s*min", r"24\s*(?:a|to|-|–)\s*48\s*h")


def test_the_methods_table_publishes_no_unsourced_wait_time_and_no_reliability_column(built_site, project):
    for code in project.codes:
        page = read(built_path(built_site, project, code, "metodos-verificacion.md"))
        for pattern in UNSOURCED_WAITS:
            assert not re.search(pattern, page.text, re.IGNORECASE), f"{code}: an unsourced wait time ({pattern})"
        assert len(page.header_cells) == 3, f"{code}: the table should have three columns, not {page.header_cells}"
        assert not any(RELIABILITY_HEADER_RE.search(cell) for cell in page.header_cells)


# ---------------------------------------------------------------------------
# Links


def test_every_external_link_is_https(built_site):
    problems = []
    for path in sorted(built_site.rglob("*.html")):
        for link in read(path).all_links:
            if external(link.href) and not link.href.startswith("https://"):
                problems.append(f"{path.relative_to(built_site)}:{link.line}: {link.href}")
    assert not problems, "links that are not https:\n" + "\n".join(problems)


def test_every_action_link_goes_to_an_official_domain(built_site, project, data):
    problems = action_link_problems(built_site, project, data.site)
    assert not problems, "action links outside the official domains:\n" + "\n".join(problems)


def test_other_hosts_are_documented_and_not_official(data):
    for host in data.site.other_hosts:
        assert not data.site.is_official(f"https://{host}/"), host


def test_an_unofficial_or_plain_http_link_in_a_page_is_caught(project_copy, tmp_path):
    page = project_copy.docs_dir / "es" / "recuperar-clave.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\n[portal falso](https://iess.gob.ec.example.com/clave)"
                    + "\n[sin cifrar](http://www.iess.gob.ec/)\n", encoding="utf-8")
    site = tmp_path / "out"
    status, output = build.run(project_copy, site_dir=site)
    assert status == 0, "".join(output)
    problems = "\n".join(action_link_problems(site, project_copy, catalog.load(project_copy).site))
    assert "iess.gob.ec.example.com" in problems
    assert "http://www.iess.gob.ec/ is not https" in problems


# ---------------------------------------------------------------------------
# The security page


def test_security_page_lists_exactly_the_official_domains(built_site, project, data):
    expected = sorted(data.site.official_domains)
    for code in project.codes:
        listed = read(built_path(built_site, project, code, "seguridad.md")).code_in.get("dominios-oficiales", [])
        assert len(listed) == len(set(listed)), f"{code}: a domain is listed twice: {listed}"
        assert sorted(d.lower() for d in listed) == expected, (
            f"{code}/seguridad.md lists {sorted(listed)}, data/site.yml has {expected}")
