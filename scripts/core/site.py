"""The built site: its pages, each parsed once, and where each of its URLs leads.

A `BuiltSite` is one site folder (`site/`) and the URL it is published at. Every check of
the built site and the post-build pass read pages through it, so a page is parsed once
whatever number of checks look at it; resolving a link remembers its answer by URL.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from scripts.core import html as htmlpage
from scripts.core.project import Project

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
class Landing:
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
        self._texts: dict[Path, str] = {}
        # What resolving links learns, by absolute URL: a link in the navigation of every page
        # is resolved once, not once per page.
        self._bases: dict[Path, str] = {}
        self._kinds: dict[str, str] = {}
        self._landings: dict[str, Landing] = {}
        self._checked: dict[tuple, tuple[str, str, str] | None] = {}
        self._files: set[Path] | None = None
        self._html: list[Path] | None = None
        self._dirs: set[Path] | None = None

    # -- files

    def html_files(self) -> list[Path]:
        if self._html is None:
            self._html = [path.resolve() for path in htmlpage.site_pages(self.root)]
        return list(self._html)

    def text(self, path: Path) -> str:
        """A built file's text, read once."""
        text = self._texts.get(path)
        if text is None:
            path = path.resolve()
            text = self._texts.get(path)
            if text is None:
                text = self._texts[path] = path.read_text(encoding="utf-8")
        return text

    def page(self, path: Path) -> htmlpage.HtmlPage:
        """A built page, parsed once."""
        page = self._pages.get(path)
        if page is None:
            path = path.resolve()
            page = self._pages.get(path)
            if page is None:
                page = self._pages[path] = htmlpage.parse(path, self.text(path))
        return page

    def parse_all(self) -> None:
        """Parse every page now, half of them in a forked process when there is a second core:
        the site checks then find each page parsed (once, as ever)."""
        import multiprocessing
        import os

        todo = [path for path in self.html_files() if path not in self._pages]
        if len(todo) < 100 or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return  # each page is parsed when a check first reads it
        context = multiprocessing.get_context("fork")
        mine, theirs = todo[: len(todo) // 2], todo[len(todo) // 2:]
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(target=_parse_into, args=(theirs, writer), daemon=True)
        child.start()
        writer.close()
        for path in mine:
            self.page(path)
        try:
            self._pages.update(reader.recv() or {})
        except (EOFError, OSError):
            pass  # the rest are parsed on first use
        child.join()

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
        found = self._kinds.get(url)
        if found is None:
            found = self._kinds[url] = kind(url, self.origin, self.base_path)
        return found

    def _is_file(self, path: Path) -> bool:
        if self._files is None:
            self._files, self._dirs = set(), {self.root}
            for folder, dirs, files in self.root.walk() if hasattr(self.root, "walk") else _walk(self.root):
                self._dirs.update(folder / d for d in dirs)
                self._files.update(folder / f for f in files)
        return path in self._files

    def _is_dir(self, path: Path) -> bool:
        self._is_file(path)
        return path in self._dirs

    def _absolute(self, page: Path, url: str) -> str:
        """The URL as seen from `page`, absolute on a made-up origin (the cache's key)."""
        base = self._bases.get(page)
        if base is None:
            base = self._bases[page] = _FAKE_ORIGIN + self.url_path(page)
        if not url or url == "#":
            return base
        if url.startswith("#"):
            return base + url
        if url.startswith("//") or urlsplit(url).scheme:
            return urlunsplit(("http", "site.invalid") + tuple(urlsplit(url))[2:])
        # The navigation repeats on every page: '../../x/' from a page two folders down is
        # '/x/' from all of them. Climbing with string slices is urljoin's answer, faster.
        ups, rest = 0, url
        while rest.startswith("../"):
            ups, rest = ups + 1, rest[3:]
        if rest.startswith(("/", "./", "../", "?")) or "/." in rest or rest in (".", ".."):
            return urljoin(base, url)
        folder = base[: base.rindex("/") + 1]
        for _ in range(ups):
            if folder.count("/") <= 3:  # 'http://site.invalid/': nothing above the root
                return urljoin(base, url)
            folder = folder[: folder.rindex("/", 0, -1) + 1]
        return folder + rest

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

    def resolve(self, page: Path, url: str) -> Landing:
        """The file an internal link lands on, following redirect pages."""
        joined = self._absolute(page, url.strip())
        found = self._landings.get(joined)
        if found is None:
            found = self._landings[joined] = self._land(joined)
        return found

    def _land(self, joined: str) -> Landing:
        seen: list[str] = []
        fragment = urlsplit(joined).fragment
        while True:
            parts = urlsplit(joined)
            url_path = unquote(parts.path)
            if not (url_path + "/").startswith(self.base_path):
                return Landing(None, url_path, fragment, tuple(seen), f"outside the site's folder {self.base_path}")
            rel = posixpath.normpath(url_path[len(self.base_path):]) if url_path[len(self.base_path):] else ""
            rel = "" if rel == "." else rel
            if rel == ".." or rel.startswith("../"):
                return Landing(None, url_path, fragment, tuple(seen), "above the site's folder")
            candidate = self.root / rel if rel else self.root
            if not rel or url_path.endswith("/") or self._is_dir(candidate):
                candidate = candidate / "index.html"
            shown = rel + ("/" if url_path.endswith("/") and rel else "")
            target = Landing(candidate, shown or "/", fragment, tuple(seen))
            if candidate.suffix != ".html" or not self._is_file(candidate):
                return target
            refresh = self.page(candidate).meta_refresh
            if not refresh:
                return target
            seen.append(shown or "/")
            if len(seen) > MAX_REDIRECT_PAGES or seen.count(shown or "/") > 1:
                return Landing(candidate, shown, fragment, tuple(seen), "a loop of redirect pages")
            if self.kind(refresh) != "internal":
                return Landing(None, refresh, fragment, tuple(seen), None)
            # A redirect page keeps the reader's #fragment; a fragment in the redirect wins.
            fragment = urlsplit(refresh).fragment or fragment
            joined = self._absolute(candidate, refresh.strip())

    def check(self, link: Link) -> tuple[str, str, str] | None:
        """(severity, problem, hint) for one internal link, or None when it works. The same URL
        from the same kind of place is checked once."""
        from_redirect = link.tag == "meta" or bool(self.page(link.page).meta_refresh) \
            if link.page.suffix == ".html" else link.tag == "meta"
        key = (self._absolute(link.page, link.url.strip()), link.hreflang, from_redirect)
        if key not in self._checked:
            self._checked[key] = self._check(link, from_redirect)
        return self._checked[key]

    def _check(self, link: Link, from_redirect: bool) -> tuple[str, str, str] | None:
        target = self.resolve(link.page, link.url)
        if target.problem and target.file is None:
            return "error", f"goes outside the site ({target.problem})", "link to a page of this site"
        if target.problem:
            return "error", f"ends in {target.problem} ({' -> '.join(target.redirects)})", "fix the redirects in mkdocs.yml"
        if target.file is None:
            return None  # a redirect page that sends the reader to another site
        if not self._is_file(target.file):
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
        if target.redirects and not from_redirect:
            return ("warning", f"goes through the redirect page {target.redirects[0]}",
                    f"link straight to {target.path}")
        return None


def _parse_into(paths: list[Path], writer) -> None:
    try:
        writer.send({path: htmlpage.parse(path, path.read_text(encoding="utf-8")) for path in paths})
    except Exception:  # noqa: BLE001 - the parent parses them itself
        writer.send(None)
    finally:
        writer.close()


def _walk(root: Path):
    """Path.walk() for Python 3.11."""
    import os

    for folder, dirs, files in os.walk(root):
        yield Path(folder), dirs, files


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
