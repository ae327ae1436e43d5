"""Every link in the built site: where it is, where it goes, and whether it works offline.

`make check` runs `check_site`: each href and src of every built page, in every language,
must reach a file in the site (a directory URL means its index.html), and a `#fragment`
must be an id on the target page. Redirect pages (a `<meta http-equiv="refresh">` stub)
are followed to the page they send the reader to. A link with `hreflang` (the language
link in the notice bar) must reach a page in that language.

Links that leave the site (http and https to other hosts, mailto:, tel:) are the external
checker's job (`scripts/linkcheck/`); `BuiltSite.external_links` hands them over.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from scripts.core import html as htmlpage
from scripts.core.errors import ContentError
from scripts.core.project import Project
from scripts.core.report import Report

# Schemes that name no document to check.
SKIPPED_SCHEMES = {"javascript", "data", "blob", "about"}
# A fragment that is not an anchor: HTML scrolls to the top for '#top' without an id.
IMPLICIT_FRAGMENTS = {"", "top"}
# Redirect pages followed in a row before calling it a loop.
MAX_REDIRECT_PAGES = 10
# The same problem on more pages than this is reported once, at its first place.
COLLAPSE_AFTER = 3
_FAKE_ORIGIN = "http://site.invalid"  # a base for urljoin; never contacted
_SITEMAP_URL_RE = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>|\shref=\"([^\"]+)\"")


@dataclass(frozen=True)
class Link:
    """One URL written in a built file."""

    page: Path  # the built file that holds it
    line: int
    tag: str
    attr: str
    url: str
    text: str = ""
    hreflang: str = ""
    rel: str = ""

    @property
    def label(self) -> str:
        """How an editor recognises the link: its text, else the element."""
        if self.text:
            return f"link '{self.text}'"
        if self.tag == "meta":
            return "redirect"
        if self.tag == "loc":
            return "sitemap entry"
        if self.tag == "a":
            return "link"
        rel = f" rel={self.rel}" if self.rel else ""
        return f"<{self.tag}{rel} {self.attr}>"


@dataclass(frozen=True)
class Target:
    """Where an internal link lands in the site folder."""

    file: Path | None  # None when the URL leaves the site's folder
    path: str  # the URL path inside the site, for messages ('acerca/')
    fragment: str
    redirects: tuple[str, ...] = ()  # redirect pages passed through
    problem: str | None = None  # a redirect loop or an external redirect


def kind(url: str, site_origin: str = "", base_path: str = "/") -> str:
    """'internal', 'external' (http/https elsewhere), 'mailto', 'tel', 'skip', 'unknown' or 'invalid'."""
    url = url.strip()
    if not url:
        return "skip"
    try:
        parts = urlsplit(url)
    except ValueError:  # such as 'http://[oops'
        return "external" if url.lower().startswith(("http:", "https:", "//")) else "invalid"
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") or (not scheme and url.startswith("//")):
        own = site_origin and parts.netloc.lower() == site_origin
        return "internal" if own and (parts.path or "/").startswith(base_path.rstrip("/") or "/") else "external"
    if scheme in ("mailto", "tel"):
        return scheme
    if scheme in SKIPPED_SCHEMES:
        return "skip"
    if scheme:
        return "unknown"
    return "internal"


def normalize(url: str) -> str:
    """One spelling per URL: lowercase scheme and host, no default port, no empty fragment."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # the checker reports it as not a valid URL
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    netloc = parts.netloc.lower()
    default_port = {"http": ":80", "https": ":443"}[scheme]
    if netloc.endswith(default_port):
        netloc = netloc[: -len(default_port)]
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, parts.fragment))


class BuiltSite:
    """A built site folder and the URL it is published at (`site_url` in mkdocs.yml)."""

    def __init__(self, site_dir: Path, site_url: str = "/"):
        self.root = Path(site_dir).resolve()
        parts = urlsplit(site_url)
        self.origin = parts.netloc.lower()
        self.base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self._pages: dict[Path, htmlpage.HtmlPage] = {}

    # -- files

    def html_files(self) -> list[Path]:
        return [path.resolve() for path in htmlpage.site_pages(self.root)]

    def page(self, path: Path) -> htmlpage.HtmlPage:
        path = path.resolve()
        if path not in self._pages:
            self._pages[path] = htmlpage.parse(path)
        return self._pages[path]

    def url_path(self, path: Path) -> str:
        """The URL path a built file is served at, for example '/acerca/index.html'."""
        return self.base_path + path.resolve().relative_to(self.root).as_posix()

    def display(self, path: Path) -> str:
        """A target as the reader's URL: 'acerca/' rather than 'acerca/index.html'."""
        rel = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()
        return rel[: -len("index.html")] or "/" if rel.endswith("index.html") else rel

    # -- links

    def links(self, path: Path) -> list[Link]:
        """Every URL in one built file: an HTML page's references and redirect, or a sitemap's entries."""
        path = path.resolve()
        if path.suffix == ".xml":
            return list(self._sitemap_links(path))
        page = self.page(path)
        found = [Link(path, ref.line, ref.tag, ref.attr, ref.url, ref.text, ref.hreflang, ref.rel)
                 for ref in page.references]
        if page.meta_refresh:
            found.append(Link(path, 1, "meta", "content", page.meta_refresh))
        return found

    def _sitemap_links(self, path: Path):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in _SITEMAP_URL_RE.finditer(line):
                yield Link(path, number, "loc" if match.group(1) else "link", "href", match.group(1) or match.group(2))

    def files_with_links(self) -> list[Path]:
        return self.html_files() + sorted(p.resolve() for p in self.root.glob("sitemap*.xml"))

    def all_links(self):
        for path in self.files_with_links():
            yield from self.links(path)

    def kind(self, url: str) -> str:
        return kind(url, self.origin, self.base_path)

    def external_links(self) -> dict[str, list[Link]]:
        """Every link that leaves the site (http, https, mailto, tel), by normalized URL, in page order."""
        out: dict[str, list[Link]] = {}
        for link in self.all_links():
            if link.rel in ("preconnect", "dns-prefetch"):
                continue  # an origin to warm up, not a document
            if self.kind(link.url) in ("external", "mailto", "tel"):
                out.setdefault(normalize(link.url), []).append(link)
        return out

    # -- resolving internal links

    def resolve(self, page: Path, url: str) -> Target:
        """The file an internal link lands on, following redirect pages."""
        seen: list[str] = []
        current_page, current_url = page.resolve(), url.strip()
        fragment = urlsplit(current_url).fragment
        while True:
            joined = urljoin(_FAKE_ORIGIN + self.url_path(current_page), current_url)
            if current_url.startswith("//") or urlsplit(current_url).scheme:
                joined = urlunsplit(("http", "site.invalid") + tuple(urlsplit(current_url))[2:])
            parts = urlsplit(joined)
            url_path = unquote(parts.path)
            if not (url_path + "/").startswith(self.base_path):
                return Target(None, url_path, fragment, tuple(seen), f"outside the site's folder {self.base_path}")
            rel = posixpath.normpath(url_path[len(self.base_path):]) if url_path[len(self.base_path):] else ""
            rel = "" if rel == "." else rel
            if rel == ".." or rel.startswith("../"):
                return Target(None, url_path, fragment, tuple(seen), "above the site's folder")
            candidate = self.root / rel
            if not rel or url_path.endswith("/") or candidate.is_dir():
                candidate = candidate / "index.html"
            shown = rel + ("/" if url_path.endswith("/") and rel else "")
            target = Target(candidate, shown or "/", fragment, tuple(seen))
            if candidate.suffix != ".html" or not candidate.is_file():
                return target
            refresh = self.page(candidate).meta_refresh
            if not refresh:
                return target
            seen.append(shown or "/")
            if len(seen) > MAX_REDIRECT_PAGES or seen.count(shown or "/") > 1:
                return Target(candidate, shown, fragment, tuple(seen), "a loop of redirect pages")
            if self.kind(refresh) != "internal":
                return Target(None, refresh, fragment, tuple(seen), None)
            # mkdocs-redirects keeps the reader's #fragment; a fragment in the redirect wins.
            fragment = urlsplit(refresh).fragment or fragment
            current_page, current_url = candidate, refresh

    def check(self, link: Link) -> tuple[str, str, str] | None:
        """(severity, problem, hint) for one internal link, or None when it works."""
        target = self.resolve(link.page, link.url)
        if target.problem and target.file is None:
            return "error", f"goes outside the site ({target.problem})", "link to a page of this site"
        if target.problem:
            return "error", f"ends in {target.problem} ({' -> '.join(target.redirects)})", "fix the redirects in mkdocs.yml"
        if target.file is None:
            return None  # a redirect page that sends the reader to another site
        if not target.file.is_file():
            what = "page" if target.file.name == "index.html" else "file"
            return "error", f"there is no {what} at {target.path}", _missing_hint(self, target.file, what)
        if link.hreflang and target.file.suffix == ".html":
            lang = self.page(target.file).lang
            if lang and lang.split("-")[0].lower() != link.hreflang.split("-")[0].lower():
                return ("error", f"should go to the '{link.hreflang}' page, but {target.path} is in '{lang}'",
                        "the language link must go to the same page in the other language")
        fragment = unquote(target.fragment)
        if fragment not in IMPLICIT_FRAGMENTS and target.file.suffix == ".html":
            ids = self.page(target.file).ids
            if fragment not in ids:
                close = difflib.get_close_matches(fragment, list(ids), n=1)
                hint = f"did you mean '#{close[0]}'?" if close else "use an id that exists on that page"
                return "error", f"there is no id '{fragment}' on {target.path}", hint
        if target.redirects and link.tag != "meta" and not self.page(link.page).meta_refresh:
            return ("warning", f"goes through the redirect page {target.redirects[0]}",
                    f"link straight to {target.path}")
        return None


def _missing_hint(site: BuiltSite, missing: Path, what: str) -> str:
    """Point at the nearest existing thing, so a typo is easy to spot."""
    parent = missing.parent.parent if missing.name == "index.html" else missing.parent
    if parent.is_dir():
        names = [p.name for p in parent.iterdir()]
        wanted = missing.parent.name if missing.name == "index.html" else missing.name
        close = difflib.get_close_matches(wanted, names, n=1)
        if close:
            return f"did you mean {site.display(parent / close[0])}{'/' if (parent / close[0]).is_dir() else ''}?"
    return f"fix the link, or add the {what}"


def source_of(project: Project, site: BuiltSite, page: Path) -> str | None:
    """The Markdown file in docs/ a built page comes from, when there is one."""
    try:
        rel = page.resolve().relative_to(site.root).as_posix()
    except ValueError:
        return None
    code = project.default_language.code
    first, _, rest = rel.partition("/")
    if rest and first in project.codes and not project.language(first).default:
        code, rel = first, rest
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel.removesuffix(".html")
    candidates = [f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"] if stem else ["index.md", "README.md"]
    for candidate in candidates:
        path = project.language_dir(code) / candidate
        if path.is_file():
            return project.rel(path)
    return None


def where_to_fix(project: Project, site: BuiltSite, page: Path, ref) -> tuple[str, int | None]:
    """The Markdown page and line that hold a built page's URL, when there is one; else the
    built file and its line."""
    source = source_of(project, site, page)
    if source is None:
        return project.rel(page), ref.line
    try:
        lines = (project.root / source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return source, None
    return source, next((n for n, line in enumerate(lines, start=1) if ref.url in line), None)


def check_links(project: Project, site_dir: Path) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings) for every internal link in the built site."""
    site = BuiltSite(site_dir, project.site_url)
    found: dict[tuple, list[tuple[Link, str, str, str]]] = {}
    for link in site.all_links():
        link_kind = site.kind(link.url)
        if link_kind == "invalid":
            found.setdefault(("invalid", link.page, link.line, link.url), []).append(
                (link, "error", "is not a valid URL", "fix the address"))
            continue
        if link_kind == "unknown":
            scheme = urlsplit(link.url).scheme
            found.setdefault(("scheme", scheme, link.page, link.line), []).append(
                (link, "warning", f"uses the unknown scheme '{scheme}:'", "check the spelling, as in https://"))
            continue
        if link_kind != "internal":
            continue
        problem = site.check(link)
        if problem:
            severity, message, hint = problem
            target = site.resolve(link.page, link.url)
            key = (message, target.file, target.fragment)
            found.setdefault(key, []).append((link, severity, message, hint))

    errors, warnings = [], []
    for occurrences in found.values():
        pages = list(dict.fromkeys(link.page for link, *_ in occurrences))
        many = len(pages) > COLLAPSE_AFTER
        shown = occurrences[:1] if many else occurrences
        for link, severity, message, hint in shown:
            text = f"{link.label} goes to {link.url}: {message}"
            if many:
                text += f" (and on {len(pages) - 1} other pages)"
                hint = f"a link on many pages comes from the theme (overrides/) or mkdocs.yml: {hint}"
            elif source := source_of(project, site, link.page):
                hint = f"fix it in {source}: {hint}"
            error = ContentError(project.rel(link.page), link.line, text, hint)
            (errors if severity == "error" else warnings).append(error)
    return errors, warnings


def check_site(project: Project, site_dir: Path, report: Report) -> None:
    """Site check for `make check`: every internal link, anchor, asset and redirect works."""
    errors, warnings = check_links(project, site_dir)
    report.error(*errors)
    report.warn(*warnings)


# ---------------------------------------------------------------------------
# mailto: and tel: syntax (RFC 6068, RFC 3966), offline

_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_HEADER_RE = re.compile(r"^[A-Za-z0-9-]+$")
_TEL_RE = re.compile(r"^(\+)?[0-9().\-]+$")
_TEL_PARAM_RE = re.compile(r"^[A-Za-z0-9-]+(=[^;]*)?$")


def mailto_problem(url: str) -> str | None:
    """What is wrong with a mailto: link, or None."""
    rest = url.strip()[len("mailto:"):]
    addresses, _, query = rest.partition("?")
    found = [unquote(a).strip() for a in addresses.split(",") if a.strip()]
    for pair in filter(None, query.split("&")):
        name, equals, value = pair.partition("=")
        if not equals or not _HEADER_RE.match(name):
            return f"'{pair}' is not a header=value pair"
        if name.lower() in ("to", "cc", "bcc"):
            found += [unquote(a).strip() for a in value.split(",") if a.strip()]
    if not found:
        return "no e-mail address"
    for address in found:
        local, at, domain = address.rpartition("@")
        if not at or not local:
            return f"'{address}' is not an e-mail address"
        if not _LOCAL_RE.match(local) or not _DOMAIN_RE.match(domain):
            return f"'{address}' is not a valid e-mail address"
    return None


def tel_problem(url: str) -> str | None:
    """What is wrong with a tel: link, or None. Short local numbers ('tel:140') are allowed."""
    number, *params = unquote(url.strip()[len("tel:"):]).replace(" ", "").split(";")
    if not number:
        return "no phone number"
    if not _TEL_RE.match(number):
        return f"'{number}' is not a phone number (digits, an optional leading '+', and - . ( ) only)"
    digits = sum(c.isdigit() for c in number)
    if number.startswith("+") and not 7 <= digits <= 15:
        return f"'{number}' has {digits} digits; an international number has 7 to 15"
    if not 3 <= digits <= 15:
        return f"'{number}' has {digits} digits"
    for param in params:
        if not _TEL_PARAM_RE.match(param):
            return f"';{param}' is not a valid parameter"
    return None
