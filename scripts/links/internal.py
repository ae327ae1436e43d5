"""Every link in the built site: where it is, where it goes, and whether it works offline.

`make check` runs `check_site`: each href and src of every built page, in every language,
must reach a file in the site (a directory URL means its index.html), and a `#fragment`
must be an id on the target page. Redirect pages (a `<meta http-equiv="refresh">` stub)
are followed to the page they send the reader to. A link with `hreflang` (the language
link in the notice bar) must reach a page in that language.

Links that leave the site (http and https to other hosts, mailto:, tel:) are the external
checker's job (`scripts/links/linkcheck/`); `BuiltSite.external_links` hands them over.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts.core.errors import ContentError
from scripts.core.site import COLLAPSE_AFTER, BuiltSite, Link, source_of
from scripts.core.project import Project
from scripts.core.report import Report

def check_links(project: Project, site_dir: Path, site: BuiltSite | None = None
                ) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings) for every internal link in the built site."""
    site = site or BuiltSite(site_dir, project.site_url)
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


def check_site(session, site_dir: Path, report: Report) -> None:
    """Site check for `make check`: every internal link, anchor, asset and redirect works, and
    no built page has the same ID twice."""
    project, site = session.project, session.site(site_dir)
    errors, warnings = check_links(project, site_dir, site)
    report.error(*errors)
    report.warn(*warnings)
    for path in site.html_files():
        for ident, line in site.page(path).duplicate_ids:
            source = source_of(project, site, path)
            report.error(ContentError(project.rel(path), line, f"the ID '{ident}' is on two elements of this page",
                                      (f"fix it in {source}: " if source else "") + "links to #" + ident +
                                      " would land on the first one only; give each element its own ID"))


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
