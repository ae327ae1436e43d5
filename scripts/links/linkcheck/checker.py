"""Check external URLs over HTTP, politely, and say what each one is.

Each unique URL is checked once (links that differ only in their #fragment share one
fetch). A request goes through two limits: a global number of requests in flight, and
per host a number in flight plus a minimum interval between their starts. HEAD comes
first; GET follows when HEAD fails (many servers answer HEAD badly) or when a fragment
must be found in the page. Redirects are followed by hand, to see each hop. Timeouts,
dropped connections, 5xx and 429 are retried with exponential backoff, obeying a
Retry-After header up to a cap. The whole run has a deadline.

Every result has a status:

- ok: the link works.
- redirected: it works, through a permanent redirect (301, 308): update the link.
- unverified: the site refused the checker (403, 999 from sites that block bots), kept
  rate-limiting it (429), or the deadline passed first. Not a failure.
- broken: 4xx, 5xx, no connection, timeouts on every try, too many redirects, a redirect
  loop, a missing #fragment, or a malformed mailto:/tel:/http URL. A failure.
- excluded: matched an `exclude` pattern; not checked.

A result may also break a policy rule (links to official domains must be https and must
not redirect to another domain): also a failure.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import http
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import httpx

from scripts.core import html as htmlpage
from scripts.core.site import normalize
from scripts.links import internal as links
from .cache import Cache
from .config import HostRules, Settings

OK, REDIRECTED, UNVERIFIED, BROKEN, EXCLUDED = "ok", "redirected", "unverified", "broken", "excluded"
STATUSES = (BROKEN, UNVERIFIED, REDIRECTED, OK, EXCLUDED)
REDIRECT_CODES = {301, 302, 303, 307, 308}
PERMANENT_CODES = {301, 308}
CACHED_STATUSES = {OK, REDIRECTED}  # failures, 429s and unverified links are asked again next time
LANE_SIZE = 2  # connections per httpx pool: a pool does work in proportion to them on every request
MAX_BODY = 5_000_000  # bytes of a page read to look for a #fragment
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Result:
    url: str
    status: str
    message: str
    hint: str | None = None
    code: int | None = None
    final_url: str | None = None
    redirects: list[tuple[str, int, str]] = field(default_factory=list)  # (from, status, to)
    policy: list[str] = field(default_factory=list)  # official-domain rules this link breaks
    cached: bool = False
    unreachable: bool = False  # no connection at all (DNS, refused): if every link is so, the network is down

    @property
    def failed(self) -> bool:
        return self.status == BROKEN or bool(self.policy)

    def to_cache(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "hint": self.hint, "code": self.code,
                "final_url": self.final_url, "redirects": [list(hop) for hop in self.redirects]}

    @classmethod
    def from_cache(cls, url: str, entry: dict[str, Any]) -> "Result":
        return cls(url, entry["status"], entry.get("message") or "", entry.get("hint"), entry.get("code"),
                   entry.get("final_url"), [tuple(hop) for hop in entry.get("redirects") or []], cached=True)


@dataclass
class _Lane:
    """One small httpx connection pool and the requests it has in flight.

    Requests go straight to httpx's transport: redirects are followed here and no cookies
    are kept, so the client layer above it would only cost time.
    """

    transport: httpx.AsyncBaseTransport
    busy: int = 0


@dataclass
class _Reply:
    """One HTTP answer, or why there was none."""

    code: int | None = None
    reason: str = ""
    headers: httpx.Headers | None = None
    body: bytes = b""
    error: str | None = None
    tries: int = 1
    unreachable: bool = False


@dataclass
class _Outcome:
    """Where following a URL ended."""

    reply: _Reply
    final_url: str
    redirects: list[tuple[str, int, str]]
    error: str | None = None


class HostGate:
    """At most `concurrency` requests in flight to one host, their starts `interval` seconds apart."""

    def __init__(self, concurrency: int, interval: float,
                 clock: Callable[[], float] = time.monotonic, sleep=asyncio.sleep):
        self.interval = interval
        self._slots = asyncio.Semaphore(concurrency)
        self._next = float("-inf")
        self._clock, self._sleep = clock, sleep
        self.starts: list[float] = []  # when each request was let through

    def pause(self, seconds: float) -> None:
        """Start nothing for `seconds` (the host asked us to slow down)."""
        self._next = max(self._next, self._clock() + seconds)

    async def __aenter__(self) -> "HostGate":
        await self._slots.acquire()
        try:
            while True:  # `pause` may push the start back while we sleep
                now = self._clock()
                if self._next <= now:
                    break
                await self._sleep(self._next - now)
            self._next = now + self.interval
            self.starts.append(now)
        except BaseException:
            self._slots.release()
            raise
        return self

    async def __aexit__(self, *exc) -> None:
        self._slots.release()


def _reason(code: int, phrase: str) -> str:
    if phrase:
        return phrase
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return "non-standard status"


def _retry_after(headers: httpx.Headers | None, clock: Callable[[], float] = time.time) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), or None."""
    value = (headers or {}).get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - clock())


def _checkable_fragment(fragment: str) -> bool:
    """'#section' names an id; '#/route', '#!state' and text fragments ('#:~:text=') do not."""
    return bool(fragment) and not fragment.startswith(("/", "!", ":~:")) and fragment != "top"


class Checker:
    """`Checker(settings).run(urls)` -> {url: Result}. URLs must be normalized (scripts.core.site.normalize)."""

    def __init__(self, settings: Settings, *, is_official: Callable[[str], bool] = lambda url: False,
                 cache: Cache | None = None, on_result: Callable[[Result], None] | None = None,
                 sleep=asyncio.sleep, clock: Callable[[], float] = time.monotonic):
        self.settings = settings
        self.is_official = is_official
        self.cache = cache
        self.on_result = on_result or (lambda result: None)
        self._sleep, self._clock = sleep, clock
        self._gates: dict[str, HostGate] = {}
        self._lanes: dict[str, list[_Lane]] = {}  # per host, like the gates
        self._host_rules: dict[str, HostRules] = {}
        self.requests = 0  # HTTP requests sent, retries and redirects included
        self.waits: list[float] = []  # each backoff or Retry-After wait, in seconds

    def run(self, urls: Iterable[str]) -> dict[str, Result]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.check(urls))
        # Called while another event loop runs in this thread (Playwright's sync API in the
        # same test session, a notebook): run ours in a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, self.check(urls)).result()

    async def check(self, urls: Iterable[str]) -> dict[str, Result]:
        results: dict[str, Result] = {}
        documents: dict[str, list[str]] = {}
        for url in dict.fromkeys(urls):
            result = self._offline(url)
            if result is None and self.cache is not None and (entry := self.cache.get(url)):
                result = Result.from_cache(url, entry)
                result.policy = self._policy(url, result.redirects)
            if result is not None:
                results[url] = result
                self.on_result(result)
            else:
                documents.setdefault(urldefrag(url)[0], []).append(url)

        if documents:
            self._global = asyncio.Semaphore(self.settings.concurrency)
            self._tls = httpx.create_ssl_context()  # one for all pools: each costs tens of ms to make
            try:
                tasks = {asyncio.create_task(self._document(doc, group)): group for doc, group in documents.items()}
                done, pending = await asyncio.wait(tasks, timeout=self.settings.deadline)
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
            finally:
                for lanes in self._lanes.values():
                    for lane in lanes:
                        await lane.transport.aclose()
            for task, group in tasks.items():
                if task in done and task.exception() is None:
                    found = task.result()
                else:
                    error = task.exception() if task in done else None
                    found = {url: self._unfinished(url, error) for url in group}
                    for result in found.values():
                        self.on_result(result)
                results.update(found)

        if self.cache is not None:
            for url, result in results.items():
                if result.cached:
                    continue
                if result.status in CACHED_STATUSES:
                    self.cache.put(url, result.to_cache())
                else:
                    self.cache.forget(url)
            self.cache.save()
        return results

    def _unfinished(self, url: str, error: BaseException | None) -> Result:
        if error is None:
            return Result(url, UNVERIFIED, f"not checked: the {self.settings.deadline:g} s deadline passed first",
                          "run again, or raise --deadline")
        return Result(url, BROKEN, f"the checker failed: {error.__class__.__name__}: {error}",
                      "report this as a bug in the link checker")

    # -- without the network

    def _offline(self, url: str) -> Result | None:
        """A result that needs no request: excluded, mailto:, tel:, or not a valid URL."""
        pattern = self.settings.excluded_by(url)
        if pattern:
            return Result(url, EXCLUDED, f"excluded by the pattern '{pattern}'")
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError as err:
            return Result(url, BROKEN, f"not a valid URL ({err})", "fix the address")
        if scheme in ("mailto", "tel"):
            problem = links.mailto_problem(url) if scheme == "mailto" else links.tel_problem(url)
            if problem:
                return Result(url, BROKEN, f"{scheme}: link: {problem}", "fix the address")
            return Result(url, OK, f"valid {scheme}: link (syntax only)")
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as err:
            return Result(url, BROKEN, f"not a valid URL ({err})", "fix the address")
        if parsed.scheme not in ("http", "https") or not parsed.host:
            return Result(url, BROKEN, "not a valid http(s) URL", "fix the address")
        return None

    def _policy(self, url: str, redirects: list[tuple[str, int, str]]) -> list[str]:
        """The official-domain rules a link breaks: https only, no redirect to another domain."""
        if not self.is_official(url):
            return []
        problems = []
        if urlsplit(url).scheme.lower() != "https":
            problems.append("a link to an official domain must use https")
        for _, _, target in redirects:
            if not self.is_official(target):
                problems.append(f"the official link redirects to {urlsplit(target).hostname}, "
                                "which is not an official domain")
                break
            if urlsplit(target).scheme.lower() != "https":
                problems.append(f"the official link redirects to an http address ({target})")
                break
        return problems

    # -- over the network

    def _rules(self, url: str) -> HostRules:
        host = urlsplit(url).hostname or ""
        if host not in self._host_rules:
            self._host_rules[host] = self.settings.host(host)
        return self._host_rules[host]

    def _gate(self, rules: HostRules) -> HostGate:
        if rules.key not in self._gates:
            self._gates[rules.key] = HostGate(rules.concurrency, rules.interval, self._clock, self._sleep)
        return self._gates[rules.key]

    def _lane(self, rules: HostRules) -> _Lane:
        """The least busy of the host's pools; a host has one per LANE_SIZE requests it may have in flight."""
        if rules.key not in self._lanes:
            count = -(-rules.concurrency // LANE_SIZE)
            size = -(-rules.concurrency // count)
            limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
            self._lanes[rules.key] = [
                _Lane(httpx.AsyncHTTPTransport(verify=self._tls, limits=limits))
                for _ in range(count)]
        return min(self._lanes[rules.key], key=lambda lane: lane.busy)

    async def _document(self, document: str, urls: list[str]) -> dict[str, Result]:
        """Fetch one document once and judge every link to it (each with its own #fragment)."""
        rules = self._rules(document)
        fragments = {url: unquote(urldefrag(url)[1]) for url in urls}
        need_body = rules.check_fragments and any(_checkable_fragment(f) for f in fragments.values())
        outcome = await self._follow(document, need_body)
        results = {}
        for url in urls:
            result = self._judge(url, outcome, fragments[url] if rules.check_fragments else "")
            result.policy = self._policy(url, result.redirects)
            results[url] = result
            self.on_result(result)
        return results

    async def _follow(self, url: str, need_body: bool) -> _Outcome:
        """Request `url`, following redirects by hand; HEAD first unless a body is needed."""
        rules = self._rules(url)
        method = "GET" if need_body or rules.method == "get" else "HEAD"
        redirects: list[tuple[str, int, str]] = []
        seen = {url}
        current = url
        while True:
            reply = await self._request(method, current, need_body)
            if reply.error:
                return _Outcome(reply, current, redirects, reply.error)
            if reply.code in REDIRECT_CODES:
                location = reply.headers.get("location")
                if not location:
                    return _Outcome(reply, current, redirects, f"{reply.code} redirect with no Location header")
                target = normalize(urljoin(current, location.strip()))
                redirects.append((current, reply.code, target))
                if urldefrag(target)[0] in seen:
                    return _Outcome(reply, target, redirects, "redirect loop: " + " -> ".join(
                        [redirects[0][0]] + [hop[2] for hop in redirects]))
                if len(redirects) > self.settings.max_redirects:
                    return _Outcome(reply, target, redirects,
                                    f"more than {self.settings.max_redirects} redirects")
                seen.add(urldefrag(target)[0])
                current = urldefrag(target)[0]
                continue
            if method == "HEAD" and reply.code >= 400 and reply.code != 429:
                method = "GET"  # many servers answer HEAD with 403, 404 or 405 but serve GET
                continue
            return _Outcome(reply, current, redirects)

    async def _request(self, method: str, url: str, need_body: bool) -> _Reply:
        """One request with retries: timeouts, dropped connections, 5xx and 429 are tried again."""
        rules = self._rules(url)
        gate = self._gate(rules)
        tries = self.settings.retries + 1
        reply = _Reply()
        for attempt in range(tries):
            async with gate, self._global:
                self.requests += 1
                lane = self._lane(rules)
                lane.busy += 1
                try:
                    async with asyncio.timeout(rules.timeout):  # the whole exchange, however slow the trickle
                        reply = await self._send(lane.transport, method, url, need_body, rules)
                except (asyncio.TimeoutError, httpx.TimeoutException):
                    reply = _Reply(error=f"no answer within {rules.timeout:g} s")
                except httpx.ConnectError as err:
                    return _Reply(error=_connect_problem(err), tries=attempt + 1, unreachable=True)
                except (httpx.InvalidURL, httpx.UnsupportedProtocol) as err:
                    return _Reply(error=f"not a valid URL ({_short(err)})", tries=attempt + 1)
                except httpx.TransportError as err:  # reset, dropped, protocol errors: often passing
                    reply = _Reply(error=f"the connection failed ({_short(err)})")
                finally:
                    lane.busy -= 1
            reply.tries = attempt + 1
            retryable = reply.error is not None or reply.code == 429 or (
                reply.code >= 500 and reply.code not in rules.unverified_status)
            if not retryable or attempt == tries - 1:
                break
            wait = self.settings.backoff * 2 ** attempt
            if reply.code in (429, 503) and (retry_after := _retry_after(reply.headers)) is not None:
                wait = min(retry_after, self.settings.retry_after_max)
                gate.pause(wait)  # the whole host asked us to slow down, not just this URL
            self.waits.append(wait)
            await self._sleep(wait)
        if reply.error and reply.tries > 1:
            reply.error += f", {reply.tries} tries"
        return reply

    async def _send(self, transport: httpx.AsyncBaseTransport, method: str, url: str, need_body: bool,
                    rules: HostRules) -> _Reply:
        request = httpx.Request(method, url, headers=rules.headers,
                                extensions={"timeout": httpx.Timeout(rules.timeout).as_dict()})
        response = await transport.handle_async_request(request)
        try:
            body = b""
            ctype = response.headers.get("content-type", "").lower()
            if method == "HEAD":
                await response.aread()  # empty; reading it lets the connection be reused
            elif need_body and method == "GET" and response.status_code < 300 and ctype.startswith(HTML_TYPES):
                chunks, size = [], 0
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= MAX_BODY:
                        break
                body = b"".join(chunks)
            return _Reply(response.status_code, _reason(response.status_code, response.reason_phrase),
                          response.headers, body)
        finally:
            await response.aclose()

    def _judge(self, url: str, outcome: _Outcome, fragment: str) -> Result:
        reply, redirects = outcome.reply, list(outcome.redirects)
        final = outcome.final_url
        if outcome.error:
            hint = "check the address in a browser; fix or remove the link"
            if "redirect" in outcome.error:
                hint = "link to the page the redirects should end at"
            return Result(url, BROKEN, outcome.error, hint, reply.code, final, redirects,
                          unreachable=reply.unreachable)
        code = reply.code
        status_text = f"{code} {reply.reason}"
        if code == 429:
            return Result(url, UNVERIFIED, f"{status_text}: the site kept rate-limiting the checker "
                          f"({reply.tries} tries)", "run again later", code, final, redirects)
        rules = self._rules(final)
        if code in rules.unverified_status:
            return Result(url, UNVERIFIED, f"{status_text}: the site refuses automated checks",
                          "open the link in a browser to confirm it works", code, final, redirects)
        if not 200 <= code < 300:
            return Result(url, BROKEN, status_text, "check the address in a browser; fix or remove the link",
                          code, final, redirects)
        if _checkable_fragment(fragment) and reply.body:
            ids = htmlpage.parse(Path(final), reply.body.decode(_charset(reply.headers), errors="replace")).ids
            if fragment not in ids:
                return Result(url, BROKEN, f"{status_text}, but the page has no id '{fragment}'",
                              "link to the page without the #fragment, or to an id it has", code, final, redirects)
        permanent = [hop for hop in redirects if hop[1] in PERMANENT_CODES]
        if permanent:
            moved = urldefrag(final)[0] + (f"#{urldefrag(url)[1]}" if urldefrag(url)[1] else "")
            return Result(url, REDIRECTED, f"moved permanently ({permanent[0][1]}) to {moved}",
                          f"update the link to {moved}", code, moved, redirects)
        return Result(url, OK, status_text, None, code, final if redirects else None, redirects)


def _charset(headers: httpx.Headers | None) -> str:
    ctype = (headers or {}).get("content-type", "")
    for part in ctype.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                "".encode(value.strip("\"'"))
                return value.strip("\"'")
            except LookupError:
                break
    return "utf-8"


def _connect_problem(error: Exception) -> str:
    text = str(error)
    if any(sign in text for sign in ("Name or service not known", "nodename nor servname", "getaddrinfo",
                                      "name resolution", "No address associated")):
        return "could not connect: the host name was not found (DNS)"
    if "certificate" in text.lower() or "SSL" in text:
        return f"could not connect: the TLS certificate was refused ({_short(error)})"
    if "All connection attempts failed" in text or "Connection refused" in text:
        return "could not connect: the connection was refused"
    return f"could not connect ({_short(error)})"


def _short(error: Exception) -> str:
    text = str(error).strip() or error.__class__.__name__
    return text.splitlines()[0][:120]
