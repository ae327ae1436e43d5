"""The external link checker (scripts/links/linkcheck/) against a local server on 127.0.0.1: never the internet.

Waits (backoff, Retry-After, the per-host interval) run on a fake clock, so they are
asserted exactly and cost no time; only timeouts use real time, and they are small.
"""

from __future__ import annotations

import asyncio
import io
import json
import signal
from pathlib import Path

import pytest

from scripts.links import internal as links
from scripts.core.facts import Site
from scripts.links.linkcheck import cli, config
from scripts.links.linkcheck.cache import Cache
from scripts.links.linkcheck.checker import Checker, HostGate
from scripts.links.linkcheck.output import Progress
from tests.linkserver import LinkServer, closed_port

FAST = dict(timeout=0.5, retries=2, backoff=0.1, retry_after_max=5, host_interval=0, host_concurrency=8,
            max_redirects=5, deadline=30)


@pytest.fixture(autouse=True)
def guard():
    """A generous stop for a hanging checker; the checker's own deadline should come first."""
    def stop(*_):
        raise TimeoutError("the test ran for 60 s: the link checker hangs")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def server():
    with LinkServer() as running:
        yield running


class FakeTime:
    """A clock that moves only when the checker sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def checker(time: FakeTime | None = None, cache: Cache | None = None, is_official=lambda url: False, **changes):
    time = time or FakeTime()
    settings = config.Settings(**dict(FAST, **changes))
    return Checker(settings, is_official=is_official, cache=cache, sleep=time.sleep, clock=time.clock)


# ---------------------------------------------------------------------------
# Each kind of answer


CASES = {
    # path: (status, words in the message or hint)
    "/ok": ("ok", "200 OK"),
    "/temporary": ("ok", "200 OK"),
    "/moved/2": ("redirected", "update the link to http://127.0.0.1:{port}/anchors"),
    "/permanent": ("redirected", "moved permanently (308)"),
    "/loop/a": ("broken", "redirect loop"),
    "/chain/9": ("broken", "more than 5 redirects"),
    "/no-location": ("broken", "no Location header"),
    "/missing": ("broken", "404 Not Found"),
    "/gone": ("broken", "410 Gone"),
    "/limited?case": ("ok", "200 OK"),
    "/flaky?case": ("ok", "200 OK"),
    "/error": ("broken", "500 Internal Server Error"),
    "/slow": ("broken", "no answer within 0.5 s, 2 tries"),
    "/blocked": ("unverified", "403 Forbidden: the site refuses automated checks"),
    "/bot": ("unverified", "999"),
    "/limited-forever": ("unverified", "429 Too Many Requests"),
    "/head-refused": ("ok", "200 OK"),
    "/anchors?frag#here": ("ok", "200 OK"),
    "/anchors?frag#named": ("ok", "200 OK"),
    "/anchors?frag#nope": ("broken", "the page has no id 'nope'"),
    "/ok?nofrag#here": ("broken", "the page has no id 'here'"),
    "/moved/1#here": ("redirected", "update the link to http://127.0.0.1:{port}/anchors#here"),
    "/file.pdf#page=2": ("ok", "200 OK"),
    "/anchors#/route": ("ok", "200 OK"),
}


@pytest.fixture(scope="module")
def results(server):
    urls = [server.url(path) for path in CASES if path != "/slow"] + [f"http://127.0.0.1:{closed_port()}/x"]
    found = checker().run(urls)
    found.update(checker(retries=1).run([server.url("/slow")]))  # two real timeouts of 0.5 s
    return found


@pytest.mark.parametrize("path", list(CASES))
def test_each_answer_is_classified(server, results, path):
    status, words = CASES[path]
    result = results[server.url(path)]
    assert result.status == status, (result.message, result.hint)
    assert words.format(port=server.port) in f"{result.message} {result.hint}"


def test_a_closed_port_is_broken(results):
    (result,) = [r for url, r in results.items() if url.endswith("/x")]
    assert result.status == "broken" and "refused" in result.message


def test_retried_answers_were_asked_again(server, results):
    assert server.requests("/limited?case") == 2  # 429, then 200
    assert server.requests("/flaky?case") == 2  # 500, then 200


def test_head_first_then_get(server, results):
    methods = [(m, p) for m, p, _ in server.log]
    assert ("HEAD", "/ok") in methods and ("GET", "/ok") not in methods
    assert methods.index(("HEAD", "/head-refused")) < methods.index(("GET", "/head-refused"))
    assert ("HEAD", "/anchors?frag") not in methods  # a #fragment needs the page: GET straight away
    assert methods.count(("GET", "/anchors?frag")) == 1  # once for its three fragments


def test_one_fetch_for_every_fragment_of_a_page(server):
    urls = [server.url("/anchors?one"), server.url("/anchors?one#here"), server.url("/anchors?one#named")]
    found = checker().run(urls)
    assert [r.status for r in found.values()] == ["ok", "ok", "ok"]
    assert server.requests("/anchors?one") == 1


def test_backoff_doubles(server):
    time = FakeTime()
    run = checker(time, retries=3, backoff=0.1)
    (result,) = run.run([server.url("/error?backoff")]).values()
    assert result.status == "broken"
    assert run.waits[:3] == [0.1, 0.2, 0.4]  # HEAD's tries; the GET fallback starts again


@pytest.mark.parametrize("cap, expected", [(5, 1.0), (0.25, 0.25)])
def test_retry_after_is_obeyed_up_to_the_cap(server, cap, expected):
    time = FakeTime()
    run = checker(time, retry_after_max=cap)
    (result,) = run.run([server.url(f"/limited?cap{cap}")]).values()
    assert result.status == "ok"
    assert run.waits == [expected]
    assert sum(time.sleeps) >= expected  # the host is paused too, not just this URL


def test_the_deadline_stops_a_run(server):
    run = checker(timeout=20, deadline=0.3, retries=0)
    (result,) = run.run([server.url("/slow?deadline")]).values()
    assert result.status == "unverified" and "deadline" in result.message


# ---------------------------------------------------------------------------
# Limits


def test_host_gate_spaces_the_starts():
    time = FakeTime()

    async def go():
        gate = HostGate(concurrency=3, interval=0.5, clock=time.clock, sleep=time.sleep)

        async def one():
            async with gate:
                await asyncio.sleep(0)
        await asyncio.gather(*(one() for _ in range(5)))
        return gate.starts

    starts = asyncio.run(go())
    assert [s - starts[0] for s in starts] == [0, 0.5, 1.0, 1.5, 2.0]


@pytest.mark.parametrize("limit", [1, 3])
def test_per_host_limits_are_honoured(server, limit):
    time = FakeTime()
    run = checker(time, host_concurrency=limit, host_interval=0.25, concurrency=8)
    query = f"limit{limit}"
    urls = [server.url(f"/pause/{n}?{query}", host) for host in ("127.0.0.1", "localhost") for n in range(6)]
    found = run.run(urls)
    assert {r.status for r in found.values()} == {"ok"}
    for host in ("127.0.0.1", "localhost"):
        in_flight = server.max_in_flight[f"{host}?{query}"]
        assert in_flight == 1 if limit == 1 else 1 < in_flight <= limit
    assert len(run._gates) == 2  # one per host
    for gate in run._gates.values():
        assert len(gate.starts) == 6
        assert all(b - a >= 0.25 for a, b in zip(gate.starts, gate.starts[1:]))


def test_per_host_settings_win_over_the_defaults():
    settings = config.Settings(host_interval=0.5, hosts={"example.org": {"interval": 2, "method": "get"},
                                                         "docs.example.org": {"interval": 3}})
    assert settings.host("www.example.org").interval == 2 and settings.host("www.example.org").method == "get"
    assert settings.host("docs.example.org").interval == 3 and settings.host("docs.example.org").method == "head"
    assert settings.host("example.com").interval == 0.5
    assert settings.host("notexample.org").interval == 0.5


# ---------------------------------------------------------------------------
# Cache


def test_a_second_run_asks_nothing(server, tmp_path):
    urls = [server.url("/ok?cache"), server.url("/moved/1?cache"), server.url("/anchors?cache#here")]
    first = checker(cache=Cache(tmp_path / "c.json", 3600)).run(urls)
    asked = server.requests()
    second = checker(cache=Cache(tmp_path / "c.json", 3600)).run(urls)
    assert server.requests() == asked
    assert [r.status for r in second.values()] == [r.status for r in first.values()] == ["ok", "redirected", "ok"]
    assert all(r.cached for r in second.values())
    assert json.loads((tmp_path / "c.json").read_text())["version"] == 1


def test_failures_and_429_are_not_cached(server, tmp_path):
    urls = [server.url("/missing?nc"), server.url("/limited-forever?nc"), server.url("/blocked?nc")]
    checker(cache=Cache(tmp_path / "c.json", 3600)).run(urls)
    assert json.loads((tmp_path / "c.json").read_text())["entries"] == {}
    asked = server.requests()
    checker(cache=Cache(tmp_path / "c.json", 3600)).run(urls)
    assert server.requests() > asked


def test_cache_entries_expire(server, tmp_path):
    now = [0.0]
    url = server.url("/ok?expiry")
    checker(cache=Cache(tmp_path / "c.json", 60, clock=lambda: now[0])).run([url])
    now[0] = 59
    checker(cache=Cache(tmp_path / "c.json", 60, clock=lambda: now[0])).run([url])
    assert server.requests("/ok?expiry") == 1
    now[0] = 61
    (result,) = checker(cache=Cache(tmp_path / "c.json", 60, clock=lambda: now[0])).run([url]).values()
    assert server.requests("/ok?expiry") == 2 and not result.cached


def test_an_unreadable_cache_is_ignored(tmp_path):
    (tmp_path / "c.json").write_text("{not json")
    cache = Cache(tmp_path / "c.json", 60)
    assert cache.entries == {} and "ignored" in cache.problem


# ---------------------------------------------------------------------------
# Policy: official domains


def test_official_links_must_be_https_and_stay_on_official_domains(server, tmp_path):
    official = Site(portal="", official_domains=("127.0.0.1",), interface={}).is_official
    found = checker(is_official=official).run([server.url("/ok?policy"), server.url("/offsite"),
                                               server.url("/ok?x", "localhost")])
    http, offsite, other = found.values()
    assert http.failed and http.policy == ["a link to an official domain must use https"]
    assert "redirects to localhost, which is not an official domain" in offsite.policy[-1]
    assert other.policy == [] and not other.failed
    # The rules are applied again to a cached answer.
    cache = Cache(tmp_path / "c.json", 3600)
    checker(cache=cache).run([server.url("/offsite")])
    (again,) = checker(cache=Cache(tmp_path / "c.json", 3600), is_official=official).run([server.url("/offsite")]).values()
    assert again.cached and again.failed


@pytest.mark.parametrize("url, problem", [
    ("mailto:ayuda@example.org", None),
    ("mailto:a@example.org,b.c@sub.example.org?subject=Hola%20mundo&body=x", None),
    ("mailto:?to=a@example.org", None),
    ("mailto:", "no e-mail address"),
    ("mailto:ayuda@", "not a valid e-mail address"),
    ("mailto:ayuda.example.org", "not an e-mail address"),
    ("mailto:a@example.org?subject", "not a header=value pair"),
    ("mailto:a b@example.org", "not a valid e-mail address"),
    ("tel:140", None),
    ("tel:+593-2-299-8000", None),
    ("tel:+593%202%20299%208000;ext=12", None),
    ("tel:", "no phone number"),
    ("tel:+59", "7 to 15"),
    ("tel:1-800-IESS", "not a phone number"),
    ("tel:12", "2 digits"),
])
def test_mailto_and_tel_syntax(url, problem):
    found = links.mailto_problem(url) if url.startswith("mailto:") else links.tel_problem(url)
    assert found is None if problem is None else problem in found, found
    (result,) = checker().run([url]).values()
    assert result.status == ("ok" if problem is None else "broken")


def test_excluded_urls_are_not_asked(server):
    run = checker(exclude=[r"/private/"])
    (result,) = run.run([server.url("/private/x")]).values()
    assert result.status == "excluded" and run.requests == 0


# ---------------------------------------------------------------------------
# Settings file


def test_settings_errors_point_at_the_line(tmp_path):
    path = tmp_path / "linkcheck.yml"
    path.write_text("# settings\ntimeout: 10\nretries: -1\nexclude:\n  - '(unclosed'\ntimout: 3\n"
                    "hosts:\n  Bad Host: {}\n")
    with pytest.raises(Exception) as caught:
        config.load(path, tmp_path)
    lines = [str(e) for e in caught.value.errors]
    assert "linkcheck.yml:3: 'retries': input should be greater than or equal to 0" in lines[0]
    assert any(line.startswith("linkcheck.yml:5: 'exclude.0': '(unclosed' is not a regular expression") for line in lines)
    assert any(line.startswith("linkcheck.yml:6: unknown key 'timout'") for line in lines)
    assert any(line.startswith("linkcheck.yml:8: 'hosts.Bad Host': 'Bad Host' is not a host name") for line in lines)


def test_the_project_settings_file_is_valid(project):
    settings = config.load(project.root / config.DEFAULT_FILE, project.root, required=True)
    assert settings.cache_max_age > 0


@pytest.mark.parametrize("text, seconds", [(90, 90), ("90", 90), ("30m", 1800), ("12h", 43200), ("1d", 86400)])
def test_durations(text, seconds):
    assert config.parse_duration(text) == seconds


def test_no_progress_bar_without_a_terminal(monkeypatch):
    out = io.StringIO()
    assert not Progress(10, "auto", out).enabled
    monkeypatch.setenv("CI", "true")
    out.isatty = lambda: True
    assert not Progress(10, "auto", out).enabled
    assert Progress(10, "always", out).enabled


# ---------------------------------------------------------------------------
# Command line: exit codes and reports


def small_site(root: Path, hrefs: dict[str, str]) -> Path:
    body = "\n".join(f'<p><a href="{href}">{text}</a></p>' for text, href in hrefs.items())
    (root / "guia").mkdir(parents=True)
    (root / "index.html").write_text(f'<!doctype html><html lang="es"><body>\n{body}\n</body></html>\n')
    (root / "guia" / "index.html").write_text(f'<!doctype html><html lang="es"><body>\n{body}\n</body></html>\n')
    return root


def run_cli(tmp_path: Path, *args: str) -> int:
    return cli.main(["--no-build", "--progress", "never", "--cache", str(tmp_path / "cache.json"),
                     "--json", str(tmp_path / "out.json"), "--markdown", str(tmp_path / "out.md"),
                     "--backoff", "0.01", "--host-interval", "0", "--timeout", "2", *args])


def test_exit_0_when_every_link_works(server, tmp_path, capsys):
    site = small_site(tmp_path / "site", {"bien": server.url("/ok?cli0"), "correo": "mailto:a@example.org"})
    assert run_cli(tmp_path, "--site-dir", str(site)) == 0
    err = capsys.readouterr().err
    assert "linkcheck: 2 URLs (4 links)" in err and "0 broken" in err
    report = json.loads((tmp_path / "out.json").read_text())
    assert report["counts"]["ok"] == 2
    assert "all external links work" in (tmp_path / "out.md").read_text()


def test_exit_1_and_the_report_names_file_text_and_target(server, tmp_path, capsys):
    broken = server.url("/missing?cli1")
    site = small_site(tmp_path / "site", {"bien": server.url("/ok?cli1"), "enlace roto": broken,
                                          "mudado": server.url("/permanent?cli1")})
    assert run_cli(tmp_path, "--site-dir", str(site)) == 1
    err = capsys.readouterr().err
    line = f"{site / 'guia/index.html'}:3: link 'enlace roto' goes to {broken}: 404 Not Found (and 1 other place)"
    assert line in err or line.replace("guia/index.html", "index.html") in err, err
    assert f"warning: {site}" in err and "update the link to" in err
    markdown = (tmp_path / "out.md").read_text()
    assert "## Link check: 1 link to fix" in markdown and f"<{broken}>" in markdown and "404 Not Found" in markdown
    assert "### Links to update (1)" in markdown
    found = {r["url"]: r for r in json.loads((tmp_path / "out.json").read_text())["results"]}
    assert found[broken]["category"] == "broken"
    assert {(p["line"], p["text"]) for p in found[broken]["found"]} == {(3, "link 'enlace roto'")}


def test_exit_2_for_usage_and_settings_errors(tmp_path, capsys):
    assert run_cli(tmp_path, "--site-dir", str(tmp_path / "nothing-here")) == 2
    assert "no built site here" in capsys.readouterr().err
    bad = tmp_path / "bad.yml"
    bad.write_text("timeout: soon\n")
    assert run_cli(tmp_path, "--config", str(bad), "--site-dir", str(tmp_path)) == 2
    assert "bad.yml:1: 'timeout': input should be a valid number" in capsys.readouterr().err
    assert run_cli(tmp_path, "--config", str(tmp_path / "missing.yml")) == 2
    assert run_cli(tmp_path, "--retries", "-3") == 2
    assert "--retries" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        run_cli(tmp_path, "--no-such-option")
    assert caught.value.code == 2


def test_exit_2_when_no_host_can_be_reached(tmp_path, capsys):
    port = closed_port()
    urls = [arg for path in ("a", "b") for arg in ("--url", f"http://127.0.0.1:{port}/{path}")]
    assert run_cli(tmp_path, *urls) == 2
    assert "seems to be offline" in capsys.readouterr().err
    assert not (tmp_path / "out.md").exists()


def test_help_lists_every_option_with_its_default(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    options = [action for action in cli.parser()._actions if action.option_strings and action.dest != "help"]
    for action in options:
        assert "default:" in (action.help or ""), action.option_strings
    assert "reports/linkcheck.md" in text and "reports/linkcheck.json" in text and ".cache/linkcheck.json" in text
    assert "exit status:" in text


def test_the_defaults_written_in_data_linkcheck_yml_are_the_real_ones():
    """data/linkcheck.yml documents every setting with its default, in a comment: a default
    changed in the code but not in the comment would mislead whoever edits the file."""
    import re

    import yaml

    text = (Path(__file__).resolve().parent.parent / "data" / "linkcheck.yml").read_text(encoding="utf-8")
    documented = {}
    for line in text.splitlines():
        found = re.match(r"^#   ([a-z_]+): (.+?)(?:\s{2,}.*)?$", line)
        if found:
            documented[found.group(1)] = found.group(2)
    defaults = config.Settings()
    assert set(documented) == set(config.Settings.model_fields), "every setting, and only these, is documented"
    for name, written in documented.items():
        value = getattr(defaults, name)
        if name == "cache_max_age":
            assert config.parse_duration(written) == value, name
        elif isinstance(value, dict):
            assert yaml.safe_load(written) == {} == value, name
        else:
            assert yaml.safe_load(written) == value, f"{name}: the comment says {written}, the code {value!r}"
