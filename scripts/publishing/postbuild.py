"""One pass over a built site folder: the files a host and a help desk need besides the pages.

- `answers.json` and `answers.csv` (and the help-desk formats): every answer, once per build;
- redirect pages for moved pages, one per language, in that language, keeping the reader's
  `#fragment` (data/anchors.lock.yml `moved:`);
- `robots.txt`, with the sitemap's absolute address;
- the site's own stylesheets (`extra_css`), minified;
- `search/<lang>.json`, the search index of each language (scripts/search/index.py);
- `_headers`, the security headers with the CSP hashes of the theme's inline scripts.

It works on any built folder: `make build` (scripts/core/build.py) runs it after MkDocs,
and so does the live preview after each rebuild. It reads each built page at most once,
through the session's BuiltSite.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from scripts.core.pages import Page
from scripts.core.session import Session

REDIRECT_TEMPLATE = "partials/redirect.html"  # in the theme's custom_dir (overrides/)


def run(session: Session, site_dir: Path, preview: bool = False) -> list[Path]:
    """Write every site-level output into `site_dir`; return the files written. The live
    preview (`preview`) skips `_headers`: no host reads it there."""
    from scripts.answers import exports
    from scripts.publishing import headers

    project = session.project
    site_url = project.site_url
    site_dir = Path(site_dir)
    site = session.site(site_dir, fresh=True)
    written = exports.write_exports(site_dir, session.answers, project, site_url, catalog=session.catalog)
    written += write_redirects(session, site_dir)
    written.append(write_robots(site_dir, site_url))
    written += minify_stylesheets(site_dir, project)
    from scripts.search import index as search_index
    from scripts.search.vocabulary import resolver

    written += search_index.write(site_dir, session.vocabularies, resolver(session.lock))
    if not preview:
        path = site_dir / headers.HEADERS_FILE
        path.write_text(headers.headers_file(headers.policy(headers.script_hashes(site))), encoding="utf-8")
        written.append(path)
    return written


# One pass over a stylesheet: a string (kept), a comment (dropped), white space, punctuation.
_CSS_TOKEN_RE = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(/\*.*?\*/)|(\s+)|([{};,>])""", re.S)


def minify_css(text: str) -> str:
    """Comments out, white space to one space, none around { } ; , > (never inside a string).
    Our stylesheets are written to be read; readers get them about half the size (gzip)."""
    out: list[str] = []
    position = 0
    for match in _CSS_TOKEN_RE.finditer(text):
        if match.start() > position:
            out.append(text[position:match.start()])
        position = match.end()
        string, comment, space, punct = match.groups()
        if string:
            out.append(string)
        elif space and not (out and out[-1][-1:] in ("{", "}", ";", ",", ">", " ", "")):
            out.append(" ")
        elif punct:
            if out and out[-1] == " ":
                out.pop()
            out.append(punct)
    out.append(text[position:])
    return "".join(out).strip() + "\n"


def minify_stylesheets(site_dir: Path, project) -> list[Path]:
    """The site's own stylesheets (mkdocs.yml `extra_css`), minified in the built folder."""
    written = []
    for entry in project.config.get("extra_css") or []:
        path = site_dir / str(entry)
        if path.suffix == ".css" and not path.name.endswith(".min.css") and path.is_file():
            path.write_text(minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
            written.append(path)
    return written


def write_robots(site_dir: Path, site_url: str) -> Path:
    root = site_url if site_url.endswith("/") else site_url + "/"
    path = site_dir / "robots.txt"
    path.write_text("# Every page may be indexed. The sitemap lists each page in every language.\n"
                    f"User-agent: *\nAllow: /\n\nSitemap: {root}sitemap.xml\n", encoding="utf-8")
    return path


def _templates(project) -> Environment:
    theme_dir = project.root / (project.config.get("theme", {}) or {}).get("custom_dir", "overrides")
    return Environment(loader=FileSystemLoader(str(theme_dir)), autoescape=select_autoescape(["html"]),
                       keep_trailing_newline=True)


def write_redirects(session: Session, site_dir: Path) -> list[Path]:
    """A small page at each moved page's old address, in each language, that sends the reader
    on to the new one (the fragment goes along: aliases rely on it)."""
    project = session.project
    redirects = session.resolution.redirects
    if not redirects:
        return []
    template = _templates(project).get_template(REDIRECT_TEMPLATE)
    written = []
    for lang in project.languages:
        labels = session.catalog.site.strings(lang.code)
        for old, new in sorted(redirects.items()):
            old_url = lang.prefix + Page(Path(old), lang.code, old).url
            new_url = lang.prefix + Page(Path(new), lang.code, new).url
            target = posixpath.relpath(new_url or ".", old_url.rstrip("/") or ".") + "/"
            path = site_dir / old_url / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template.render(lang=lang.code, url=target, title=labels["redirect_title"],
                                            text=labels["redirect_text"], link=labels["redirect_link"]),
                            encoding="utf-8")
            written.append(path)
    return written
