"""Benchmark: our external link checker against linkinator, on 2,000 links to a local server.

Run it from the project folder:

    npm install --prefix bench/.tools linkinator     # once; not a project dependency
    .venv/bin/python bench/linkcheck_bench.py        # --links 2000 --concurrency 32 --repeat 1

What it does. It starts the test server (tests/linkserver.py) on 127.0.0.1, so nothing
leaves the machine, and writes a small built site to a temporary folder: an index page
linking to 10 pages that hold `--links` unique links to /page/N on that server. Then it
times, as a person would run them (process start included):

1. ours, cold: `python -m scripts linkcheck --no-build` with an empty cache;
2. ours, cached: the same command again: the cache answers and no request is sent;
3. linkinator, cold: `linkinator DIR --recurse --concurrency C`;
4. linkinator, second run: it keeps no cache, so this is another cold run.

Both tools get the same concurrency. Our per-host limits are opened up to it
(`--host-concurrency C --host-interval 0`): with the defaults (2 requests in flight and
0.5 s between starts, per host) 2,000 links to one host take about 1,000 s on purpose.
The script checks that each tool saw every link and found none broken, then prints the
times and the ratios (linkinator time / ours: above 1 means ours is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.linkserver import LinkServer  # noqa: E402

LINKINATOR = ROOT / "bench" / ".tools" / "node_modules" / ".bin" / "linkinator"
PAGES = 10


def write_site(folder: Path, server: LinkServer, links: int) -> None:
    per_page = -(-links // PAGES)
    index = []
    for page in range(PAGES):
        numbers = range(page * per_page, min(links, (page + 1) * per_page))
        body = "\n".join(f'<li><a href="{server.url(f"/page/{n}")}">link {n}</a></li>' for n in numbers)
        (folder / f"p{page}").mkdir()
        (folder / f"p{page}" / "index.html").write_text(
            f'<!doctype html><html lang="en"><head><title>Page {page}</title></head>'
            f'<body><h1>Page {page}</h1><ul>\n{body}\n</ul><a href="../">home</a></body></html>\n')
        index.append(f'<li><a href="p{page}/">page {page}</a></li>')
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Bench</title></head><body><ul>\n'
        + "\n".join(index) + "\n</ul></body></html>\n")


CPU: dict[str, float] = {}  # processor seconds (user + system) of the last command, by label


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    """Wall-clock seconds of one command; its processor time goes to CPU['last']."""
    start, cpu = time.monotonic(), _children_cpu()
    kwargs.setdefault("stdout", subprocess.PIPE)
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)
    CPU["last"] = _children_cpu() - cpu
    return time.monotonic() - start, done


def ours(site: Path, work: Path, concurrency: int) -> tuple[float, dict]:
    seconds, done = timed([sys.executable, "-m", "scripts", "linkcheck", "--no-build", "--site-dir", str(site),
                           "--cache", str(work / "cache.json"), "--json", str(work / "ours.json"),
                           "--markdown", str(work / "ours.md"), "--progress", "never",
                           "--concurrency", str(concurrency), "--host-concurrency", str(concurrency),
                           "--host-interval", "0", "--timeout", "10"])
    if done.returncode != 0:
        sys.exit(f"our checker exited {done.returncode}:\n{done.stderr}")
    report = json.loads((work / "ours.json").read_text())
    return seconds, report


def linkinator(site: Path, concurrency: int, work: Path) -> tuple[float, list]:
    # Into a file: node cuts a large output short when it exits while writing to a pipe.
    out = work / "linkinator.json"
    with out.open("w") as handle:
        seconds, done = timed([str(LINKINATOR), str(site), "--recurse", "--concurrency", str(concurrency),
                               "--format", "json"], env=dict(os.environ, NO_COLOR="1"), stdout=handle)
    if done.returncode != 0:
        sys.exit(f"linkinator exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, json.loads(out.read_text())["links"]


def main() -> int:
    parser = argparse.ArgumentParser(description="Time our link checker against linkinator (see the docstring).")
    parser.add_argument("--links", type=int, default=2000, help="unique external links (default: 2000)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight, both tools (default: 32)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measure; the best is kept (default: 1)")
    args = parser.parse_args()
    if not LINKINATOR.exists():
        print("linkinator is missing: npm install --prefix bench/.tools linkinator", file=sys.stderr)
        return 2

    with LinkServer() as server, tempfile.TemporaryDirectory(prefix="linkcheck-bench-") as temp:
        temp = Path(temp)
        site = temp / "site"
        site.mkdir()
        write_site(site, server, args.links)
        times: dict[str, float] = {}
        cpu: dict[str, float] = {}

        def keep(label: str, seconds: float) -> None:
            if seconds < times.get(label, float("inf")):
                times[label], cpu[label] = seconds, CPU["last"]

        for attempt in range(args.repeat):
            work = temp / f"ours{attempt}"
            work.mkdir()
            asked = server.requests()
            cold, report = ours(site, work, args.concurrency)
            keep("ours cold", cold)
            cold_requests = server.requests() - asked
            assert report["counts"]["ok"] == args.links, report["counts"]
            asked = server.requests()
            cached, report = ours(site, work, args.concurrency)
            keep("ours cached", cached)
            assert server.requests() == asked, "the cached run sent requests"
            assert report["counts"]["ok"] == args.links

            asked = server.requests()
            first, found = linkinator(site, args.concurrency, work)
            keep("linkinator cold", first)
            theirs_requests = server.requests() - asked
            external = [link for link in found if f":{server.port}/page/" in link["url"]]
            assert len(external) == args.links and all(link["state"] == "OK" for link in external), \
                f"linkinator saw {len(external)} links"
            second, _ = linkinator(site, args.concurrency, work)
            keep("linkinator again", second)

    print(f"{args.links} unique external links on {PAGES} pages, concurrency {args.concurrency}, "
          f"best of {args.repeat}")
    print(f"requests to the server in a cold run: ours {cold_requests}, linkinator {theirs_requests}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'run':<8} {'ours wall':>10} {'linkinator':>11} {'ratio':>6}   {'ours CPU':>9} {'linkinator':>11} {'ratio':>6}")
    for label, mine, theirs in (("cold", "ours cold", "linkinator cold"),
                                ("cached", "ours cached", "linkinator again")):
        print(f"{label:<8} {times[mine]:>9.2f}s {times[theirs]:>10.2f}s {times[theirs] / times[mine]:>5.1f}x"
              f"   {cpu[mine]:>8.2f}s {cpu[theirs]:>10.2f}s {cpu[theirs] / cpu[mine]:>5.1f}x")
    print("(ratio = linkinator / ours, above 1: ours is faster; CPU = user + system time of the process;\n"
          " linkinator has no cache, so its 'cached' run is a second cold run)")
    return 0


if __name__ == "__main__":
    shutil.which("node") or sys.exit("node is needed for linkinator")
    sys.exit(main())
