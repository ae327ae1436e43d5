"""`make audit`: Lighthouse (mobile) on five pages of a fresh local build, 3 runs each.

Builds the site into a temporary folder with SITE_URL set to the local server (so the
canonical links point at the audited origin), serves it on 127.0.0.1 with gzip
(tests/siteserver.py), runs the npm `lighthouse` of this folder with Debian's Chromium,
and writes:

- reports/lighthouse.md: the four scores of each page;
- reports/lighthouse.json: the same, plus each failed audit;
- reports/lighthouse/<page>.json: Lighthouse's full report of each page.
(`--lang en/` audits the English pages: the same files with `-en`.)

Exit status 1 when a score is under --min (default 100), 2 when something is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from scripts.core import build  # noqa: E402
from scripts.core.project import Project  # noqa: E402
from tests.browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.siteserver import SiteServer  # noqa: E402

PAGES = {
    "home": "",
    "guide": "desbloquear-clave/",
    "tree": "problemas/correo-no-llega/",
    "faq": "preguntas-frecuentes/",
    "agents": "agentes/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The same browser and flags as the browser tests (tests/browser.py).
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]


def chromium() -> str | None:
    return os.environ.get("CHROME_PATH") or chromium_path()


def run_lighthouse(url: str, out: Path, chrome: str) -> dict:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    command = [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
               "--chrome-flags=" + " ".join(CHROME_FLAGS)]
    env = dict(os.environ, CHROME_PATH=chrome)
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failed = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failed.append({"category": name, "id": ref["id"], "title": audit.get("title", ""),
                               "score": audit["score"], "value": audit.get("displayValue", "")})
    metrics = {key: report["audits"][key].get("displayValue", "") for key in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index") if key in report["audits"]}
    return {"scores": scores, "failed": failed, "metrics": metrics,
            "console": [item.get("description", "") for item in
                        report["audits"].get("errors-in-console", {}).get("details", {}).get("items", [])]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=int, default=100, help="lowest acceptable score (default 100)")
    parser.add_argument("--lang", default="", help="language prefix to audit, e.g. 'en/' (default: Spanish)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page; the median run by performance counts (default 3: "
                             "timings vary with the machine's load)")
    args = parser.parse_args(argv)

    if not (HERE / "node_modules" / ".bin" / "lighthouse").exists():
        print("error: Lighthouse is not installed: run `make audit` (it runs npm ci in tools/lighthouse/)",
              file=sys.stderr)
        return 2
    chrome = chromium()
    if not chrome:
        print("error: no Chromium found (Debian: apt-get install chromium; or set CHROME_PATH)", file=sys.stderr)
        return 2

    reports = ROOT / "reports"
    suffix = "-" + args.lang.strip("/") if args.lang.strip("/") else ""  # lighthouse-en.md for --lang en/
    (reports / "lighthouse").mkdir(parents=True, exist_ok=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="audit-site-") as tmp:
        site = Path(tmp)
        with SiteServer(site) as server:
            status, _ = build.run(Project(ROOT), site_dir=site, extra_env={"SITE_URL": server.url})
            if status != 0:
                print("error: the build failed", file=sys.stderr)
                return 2
            for name, path in PAGES.items():
                url = server.url + args.lang + path
                print(f"lighthouse {name}: {url}", file=sys.stderr, flush=True)
                out = reports / "lighthouse" / f"{name}{suffix}.json"
                runs = []
                for _ in range(max(1, args.runs)):
                    report = run_lighthouse(url, out, chrome)
                    runs.append((report["categories"]["performance"]["score"] or 0, out.read_text(encoding="utf-8")))
                runs.sort(key=lambda run: run[0])
                median = runs[len(runs) // 2][1]
                out.write_text(median, encoding="utf-8")
                report = json.loads(median)
                results[name] = {"path": "/" + args.lang + path, "runs": len(runs),
                                 "performance_runs": [round(score * 100) for score, _ in runs], **summary(report)}

    lines = ["# Lighthouse (mobile)", "",
             f"Lighthouse {report.get('lighthouseVersion', '?')}, mobile preset, {Path(chrome).name}, local build "
             f"served with gzip; the median of {max(1, args.runs)} run(s) per page by performance "
             "(all runs' performance in lighthouse.json).", "",
             "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, item in results.items():
        s, m = item["scores"], item["metrics"]
        lines.append(f"| {name} `{item['path']}` | {s['performance']} | {s['accessibility']} | "
                     f"{s['best-practices']} | {s['seo']} | {m.get('first-contentful-paint', '')} | "
                     f"{m.get('largest-contentful-paint', '')} | {m.get('total-blocking-time', '')} | "
                     f"{m.get('cumulative-layout-shift', '')} |")
    failed = [(name, f) for name, item in results.items() for f in item["failed"]]
    if failed:
        lines += ["", "Audits that lost points:", ""]
        lines += [f"- {name}: {f['category']}: {f['title']} ({f['id']}, score {f['score']}) {f['value']}".rstrip()
                  for name, f in failed]
    (reports / f"lighthouse{suffix}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (reports / f"lighthouse{suffix}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n".join(lines))
    low = [f"{name} {cat} {score}" for name, item in results.items() for cat, score in item["scores"].items()
           if score < args.min]
    if low:
        print(f"\nunder {args.min}: " + ", ".join(low), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
