"""Benchmark (not a test): sync and check over 1,000 procedures and 1,000 pages.

    .venv/bin/python bench/steps_bench.py [--procedures 1000] [--pages 1000] [--repeat 5]

Generates a project in a temporary folder (each procedure has 6 steps, one with a note;
each page shows 3 procedures, one of them as a subset), then times, in-process:
  load     catalog.load (YAML parse + pydantic validation + link/HTML checks)
  sync     steps.plan + steps.write on pages whose regions are empty (first sync)
  check    steps.drift on pages already in sync (what `make check` does)
  resync   steps.plan on pages already in sync (a second `make sync`: writes nothing)
and prints the best of N runs for each.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.core import facts as catalog  # noqa: E402
from scripts.steps import markers as steps
from tests import miniproject  # noqa: E402


def generate(root: Path, n_procedures: int, n_pages: int) -> None:
    rng = random.Random(7)
    procedures = []
    for p in range(n_procedures):
        procedures.append({
            "id": f"tramite-{p}",
            "title": {"es": f"Trámite número {p}", "en": f"Procedure number {p}"},
            "audience": {"es": "Afiliados y jubilados.", "en": "Members and retirees."},
            "reviewed": "2026-11-01",
            "sources": ["boletin"],
            "steps": [
                {"id": f"paso-{s}", "es": f"Haz la acción {s} del trámite {p} en [el portal](https://www.example.gob.ec/).",
                 "en": f"Do action {s} of procedure {p} on [the portal](https://www.example.gob.ec/).",
                 **({"note": {"kind": "warning", "es": "Ten cuidado.", "en": "Be careful."}} if s == 3 else {})}
                for s in range(6)
            ],
        })
    pages = {}
    for n in range(n_pages):
        chosen = rng.sample(range(n_procedures), 3)
        body = [f"# Página {n} {{#pagina-{n}}}", "", "Texto de introducción. " * 20]
        for i, p in enumerate(chosen):
            head = f"tramite-{p}" + (" paso-2 paso-3" if i == 2 else "")
            body += ["", f"## Sección {i} {{#seccion-{i}}}", "", "Más texto. " * 10, "",
                     f"<!-- steps: {head} -->", "<!-- /steps -->"]
        text = "\n".join(body) + "\n"
        pages[f"pagina-{n}.md"] = {"es": text, "en": text}
    miniproject.make(root, procedures=yaml.safe_dump({"procedures": procedures}, allow_unicode=True, sort_keys=False),
                     pages=pages)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procedures", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=1000, help="pages per language (default: 1000)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.procedures, args.pages)
        project = miniproject.Project(root)
        load = best(lambda: catalog.load(project), args.repeat)
        data = catalog.load(project)
        start = time.perf_counter()
        changes = steps.plan(project, data)
        steps.write(changes)
        sync = time.perf_counter() - start
        check = best(lambda: steps.drift(project, data), args.repeat)
        resync = best(lambda: steps.plan(project, data), args.repeat)
        files = 2 * args.pages
        print(f"{args.procedures} procedures, {files} page files ({args.pages} per language), {len(changes)} written")
        for name, value in (("load", load), ("sync", sync), ("check", check), ("resync", resync)):
            print(f"  {name:<7}{value * 1000:8.0f} ms")
        print(f"  load + check (make check's share) {(load + check) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
