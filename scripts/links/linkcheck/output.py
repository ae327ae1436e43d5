"""What the link checker shows: a progress bar, a terminal summary, a JSON and a Markdown report.

The terminal lines follow the project's form, `path:line: message (hint)`: one line per URL
that needs attention, at the first place it is written, with the number of other places.
The Markdown report is meant to be pasted as it is into an issue or a pull request.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from dataclasses import dataclass
from typing import Callable, TextIO

from scripts.core.errors import ContentError
from scripts.core.site import Link
from .checker import BROKEN, EXCLUDED, OK, REDIRECTED, STATUSES, UNVERIFIED, Result

SHOWN_PLACES = 3  # places listed per link before "and N more"
MARKDOWN_LIMIT = 60_000  # GitHub comments hold 65,536 characters


@dataclass(frozen=True)
class Place:
    """Where a link is written, for people: the built file and line, and the page's source."""

    file: str
    line: int
    text: str
    source: str | None

    @classmethod
    def of(cls, link: Link, rel: Callable, source: Callable) -> "Place":
        return cls(rel(link.page), link.line, link.label, source(link.page))


class Progress:
    """A one-line bar on a terminal; nothing in CI or when the output is not a terminal."""

    def __init__(self, total: int, mode: str = "auto", out: TextIO = sys.stderr):
        self.total, self.out, self.done, self.broken = total, out, 0, 0
        self.enabled = mode == "always" or (
            mode == "auto" and out.isatty() and not os.environ.get("CI") and total > 0)
        self._drawn = 0.0

    def update(self, result: Result) -> None:
        self.done += 1
        self.broken += result.failed
        if self.enabled and (time.monotonic() - self._drawn > 0.1 or self.done == self.total):
            self._drawn = time.monotonic()
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} URLs, "
                           f"{self.broken} broken")
            self.out.flush()

    def close(self) -> None:
        if self.enabled:
            self.out.write("\r\x1b[K")
            self.out.flush()


def category(result: Result) -> str:
    """'broken', 'policy', 'redirected', 'unverified', 'ok' or 'excluded'."""
    if result.status == BROKEN:
        return BROKEN
    if result.policy:
        return "policy"
    return result.status


def counts(results: dict[str, Result]) -> dict[str, int]:
    out = {name: 0 for name in (BROKEN, "policy", REDIRECTED, UNVERIFIED, OK, EXCLUDED)}
    for result in results.values():
        out[category(result)] += 1
    return out


def summary_line(results: dict[str, Result], places: dict[str, list[Place]], seconds: float,
                 requests: int) -> str:
    found = counts(results)
    cached = sum(r.cached for r in results.values())
    links = sum(len(p) for p in places.values())
    parts = [f"{found[OK]} ok", f"{found[REDIRECTED]} to update", f"{found[UNVERIFIED]} unverified",
             f"{found[BROKEN]} broken", f"{found['policy']} against the official-domain rules"]
    if found[EXCLUDED]:
        parts.append(f"{found[EXCLUDED]} excluded")
    return (f"linkcheck: {_count(len(results), 'URL')} ({_count(links, 'link')}) in {seconds:.1f} s: "
            + ", ".join(parts)
            + f"; {requests} requests, {cached} answered from the cache")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def terminal_lines(results: dict[str, Result], places: dict[str, list[Place]]) -> list[str]:
    """Problems first (errors), then warnings: links to update and unverified links."""
    order = {BROKEN: 0, "policy": 1, REDIRECTED: 2, UNVERIFIED: 3}
    lines = []
    for url, result in sorted(results.items(), key=lambda item: (order.get(category(item[1]), 9), item[0])):
        kind = category(result)
        if kind not in order:
            continue
        messages = [(result.message, result.hint)] if kind != "policy" else []
        messages += [(rule, "link to an https page on an official domain") for rule in result.policy]
        where = places.get(url)
        for message, hint in messages:
            prefix = "" if result.failed else "warning: "
            if not where:  # a URL given on the command line
                lines.append(prefix + str(ContentError(url, None, message, hint)))
                continue
            first = where[0]
            others = {0: "", 1: " (and 1 other place)"}.get(len(where) - 1, f" (and {len(where) - 1} other places)")
            error = ContentError(first.file, first.line or None, f"{first.text} goes to {url}: {message}{others}", hint)
            lines.append(prefix + str(error))
    return lines


def json_report(results: dict[str, Result], places: dict[str, list[Place]], *, seconds: float,
                requests: int, site: str) -> str:
    data = {
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "site": site,
        "seconds": round(seconds, 2),
        "requests": requests,
        "counts": counts(results),
        "results": [
            {"url": url, "category": category(result), "status": result.status, "code": result.code,
             "message": result.message, "hint": result.hint, "final_url": result.final_url,
             "redirects": [{"from": a, "status": code, "to": b} for a, code, b in result.redirects],
             "policy": result.policy, "cached": result.cached,
             "found": [{"file": p.file, "line": p.line, "text": p.text, "source": p.source}
                       for p in places.get(url, [])]}
            for url, result in sorted(results.items())
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _where(places: list[Place]) -> str:
    shown = []
    for place in places[:SHOWN_PLACES]:
        name = place.source or place.file
        shown.append(f"`{name}` ({place.text})" if place.source else f"`{name}:{place.line}` ({place.text})")
    if len(places) > SHOWN_PLACES:
        shown.append(f"and {len(places) - SHOWN_PLACES} more")
    return "<br>".join(_cell(item) for item in shown) or "—"


SECTIONS = [
    (BROKEN, "Broken links", "These links fail. Fix or remove them.", "Result"),
    ("policy", "Links against the official-domain rules",
     "A link to an official domain must use https and must not redirect to another domain.", "Rule"),
    (REDIRECTED, "Links to update", "These work, but through a permanent redirect: link to the new address.",
     "New address"),
    (UNVERIFIED, "Unverified links", "The site refused the checker or kept rate-limiting it, or the run "
     "ran out of time. Open them in a browser.", "Answer"),
]


def markdown_report(results: dict[str, Result], places: dict[str, list[Place]], *, seconds: float,
                    site: str) -> str:
    found = counts(results)
    failing = found[BROKEN] + found["policy"]
    title = (f"{failing} link{'s' if failing != 1 else ''} to fix" if failing
             else "all external links work")
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## Link check: {title}", "",
             f"{_count(len(results), 'URL')} checked in `{site}` on {date}, in {seconds:.0f} s: "
             f"{found[BROKEN]} broken, {found['policy']} against the official-domain rules, "
             f"{found[REDIRECTED]} to update, {found[UNVERIFIED]} unverified, {found[OK]} ok"
             + (f", {found[EXCLUDED]} excluded." if found[EXCLUDED] else "."), ""]
    size = sum(len(line) + 1 for line in lines)
    left_out = 0
    for kind, heading, intro, column in SECTIONS:
        rows = [(url, r) for url, r in sorted(results.items()) if category(r) == kind]
        if not rows:
            continue
        block = [f"### {heading} ({len(rows)})", "", intro, "", f"| Link | {column} | Found on |", "| --- | --- | --- |"]
        for url, result in rows:
            detail = {"policy": "; ".join(result.policy), REDIRECTED: result.final_url or ""}.get(kind, result.message)
            if kind == REDIRECTED:
                detail = f"<{detail}>"
            row = f"| <{_cell(url)}> | {_cell(detail)} | {_where(places.get(url, []))} |"
            if size + len(row) > MARKDOWN_LIMIT:
                left_out += 1
                continue
            block.append(row)
            size += len(row) + 1
        lines += block + [""]
    if left_out:
        lines += [f"{left_out} more rows are left out to fit a comment: see the JSON report.", ""]
    lines += ["<sub>`python -m scripts linkcheck` (make linkcheck). Exit 0: all links work; "
              "1: links to fix; 2: usage or settings error.</sub>", ""]
    return "\n".join(lines)


__all__ = ["Place", "Progress", "STATUSES", "json_report", "markdown_report", "summary_line", "terminal_lines"]
