"""Helpers for the browser tests: which pages to visit, at which sizes, and what to record.

The fixtures (`built_site`, `site_server`, `browser`) are in conftest.py: one build and
one Chromium per session. Reports (screenshots, page weights) go to reports/, which CI
keeps as an artifact and git ignores.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from scripts.core import html as htmlpage

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}

# One page of each kind, by path under a language prefix.
KEY_PAGES = {
    "home": "",
    "guide": "desbloquear-clave/",
    "tree": "problemas/correo-no-llega/",
    "faq": "preguntas-frecuentes/",
}

# No animations: a check right after a click or a key sees the final state.
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def page_paths(site: Path) -> list[str]:
    """URL path (no leading slash) of every built page a reader can land on, 404 excluded."""
    out = []
    for path in htmlpage.site_pages(site):
        if path.name != "index.html":
            continue
        if htmlpage.parse(path).meta_refresh:
            continue  # a redirect stub
        rel = path.relative_to(site).as_posix()
        out.append(rel[: -len("index.html")])
    return out


def language_of(path: str, project) -> str:
    first = path.split("/", 1)[0]
    for lang in project.languages:
        if not lang.default and first == lang.code:
            return lang.code
    return project.default_language.code


def key_pages(project) -> list[tuple[str, str, str]]:
    """(language, kind, path) for the key pages in every language."""
    return [(lang.code, kind, lang.prefix + path) for lang in project.languages for kind, path in KEY_PAGES.items()]


@contextmanager
def new_page(browser, size=PHONE, **options):
    """A tab in a fresh context (empty cache), closed afterwards."""
    context = browser.new_context(viewport=size, device_scale_factor=1, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def still(page) -> None:
    """Turn off transitions and animations in the current document."""
    page.add_style_tag(content=NO_MOTION_CSS)


def reports_dir(*parts: str) -> Path:
    folder = REPORTS.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Transfers:
    """Bytes each request put on the wire, as Chromium reports them (DevTools protocol).

    Counts the page's requests and its workers' (the search worker fetches the index),
    headers included, compressed as sent; a response served from the browser's cache
    counts 0. `reset()` between two navigations of the same tab.
    """

    def __init__(self, context, page):
        import json

        self._json = json
        self.cdp = context.new_cdp_session(page)
        self.requests: dict[tuple[str, str], dict] = {}
        self.cdp.on("Network.requestWillBeSent", lambda e: self._sent("", e))
        self.cdp.on("Network.responseReceived", lambda e: self._response("", e))
        self.cdp.on("Network.requestServedFromCache", lambda e: self._cached("", e))
        self.cdp.on("Network.loadingFinished", lambda e: self._finished("", e))
        self.cdp.on("Network.loadingFailed", lambda e: self._failed("", e))
        self.cdp.on("Target.attachedToTarget", self._attached)
        self.cdp.on("Target.receivedMessageFromTarget", self._from_target)
        self.cdp.send("Network.enable")
        # Workers: attach (unflattened, so their events come through this session) and
        # let them run once their network events are on.
        self.cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def _send_to(self, session: str, method: str, message_id: int) -> None:
        self.cdp.send("Target.sendMessageToTarget", {
            "sessionId": session, "message": self._json.dumps({"id": message_id, "method": method})})

    def _attached(self, event) -> None:
        session = event["sessionId"]
        self._send_to(session, "Network.enable", 1)
        self._send_to(session, "Runtime.runIfWaitingForDebugger", 2)

    def _from_target(self, event) -> None:
        message = self._json.loads(event["message"])
        handler = {"Network.requestWillBeSent": self._sent, "Network.responseReceived": self._response,
                   "Network.requestServedFromCache": self._cached,
                   "Network.loadingFinished": self._finished,
                   "Network.loadingFailed": self._failed}.get(message.get("method"))
        if handler:
            handler(event["sessionId"], message["params"])

    def _sent(self, session, e) -> None:
        url = e["request"]["url"]
        if url.startswith("data:"):
            return
        self.requests[(session, e["requestId"])] = {"url": url, "bytes": None, "status": None, "cached": False,
                                                    "length": 0, "failed": None}

    def _response(self, session, e) -> None:
        item = self.requests.get((session, e["requestId"]))
        if item is None:
            return
        response = e["response"]
        item["status"] = response.get("status")
        item["cached"] = item["cached"] or bool(response.get("fromDiskCache") or response.get("fromMemoryCache"))
        headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
        # Fallback when no loadingFinished comes (a worker's own script): headers + body.
        item["length"] = int(response.get("encodedDataLength") or 0) + int(headers.get("content-length") or 0)

    def _cached(self, session, e) -> None:
        item = self.requests.get((session, e["requestId"]))
        if item is not None:
            item["cached"] = True

    def _finished(self, session, e) -> None:
        item = self.requests.get((session, e["requestId"]))
        if item is not None:
            item["bytes"] = int(e["encodedDataLength"])

    def _failed(self, session, e) -> None:
        item = self.requests.get((session, e["requestId"]))
        if item is not None and not e.get("canceled"):
            item["failed"] = e.get("errorText") or "failed"

    def reset(self) -> None:
        self.requests.clear()

    def settle(self, page) -> None:
        """Fill in what the protocol left out (a worker's own script) from Resource Timing."""
        missing = [item for item in self.requests.values() if item["bytes"] is None and not item["cached"]]
        if not missing:
            return
        entries = {e["name"]: e for e in page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => "
            "({name: e.name, transferSize: e.transferSize, status: e.responseStatus}))")}
        for item in missing:
            entry = entries.get(item["url"])
            if entry is not None:
                item["bytes"] = int(entry["transferSize"])
                item["status"] = item["status"] or entry.get("status") or None

    def items(self) -> list[tuple[str, int]]:
        """(url, bytes) for every request, biggest first."""
        out = []
        for item in self.requests.values():
            if item["cached"]:
                size = 0
            elif item["bytes"] is not None:
                size = item["bytes"]
            else:
                size = item["length"]
            out.append((item["url"], size))
        return sorted(out, key=lambda pair: -pair[1])

    def total(self) -> int:
        return sum(size for _, size in self.items())

    def problems(self) -> list[tuple[str, str]]:
        """(url, what went wrong): an HTTP error status, or a request that failed."""
        out = []
        for item in self.requests.values():
            if item["failed"]:
                out.append((item["url"], item["failed"]))
            elif item["status"] is not None and item["status"] >= 400:
                out.append((item["url"], str(item["status"])))
        return out


def kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB"


def site_search(page, text: str, timeout: float = 10.0) -> list[str]:
    """Open the guide's search (docs/assets/javascripts/search.js), type, return the result links.

    Waits until the list answers this query (the status's data-query), then returns the links, best first.
    """
    opener = page.locator("[data-site-search-open]")
    if not page.locator("#site-search-input").is_visible():
        opener.click()
    box = page.locator("#site-search-input")
    box.fill(text)
    box.press("End")
    page.wait_for_function("t => document.querySelector('#site-search-status').dataset.query === t",
                           arg=text, timeout=timeout * 1000)
    return page.locator("#site-search-results a").evaluate_all("links => links.map(a => a.href)")
