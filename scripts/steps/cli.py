"""`make sync` and `make schema`: thin command lines over scripts/steps/markers.py and scripts/core/facts.py."""

from __future__ import annotations

import argparse

from scripts.core import facts as catalog
from scripts.steps import markers as steps
from scripts.core.project import Project


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make sync", description=(
        "Rewrite the regions between <!-- steps: … --> and <!-- /steps --> in docs/ from "
        "data/procedures.yml. Text outside the markers is never touched. Writes every page or none."))
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and show a diff if a region is out of date (default: off)")
    args = parser.parse_args(argv)
    project = Project.here()
    data = catalog.load(project)
    if args.check:
        problems = steps.drift(project, data)
        for problem in problems:
            print(problem.report())
        return 1 if problems else 0
    changes = steps.plan(project, data)
    steps.write(changes)
    for change in changes:
        print(f"updated {project.rel(change.path)}")
    if not changes:
        print("every page is in sync")
    return 0


def schema_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make schema", description=(
        "Write data/schema/<file>.schema.json from the models in scripts/core/facts.py."))
    parser.parse_args(argv)
    project = Project.here()
    for name, schema in catalog.json_schemas(project.codes).items():
        path = catalog.schema_path(project, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(catalog.schema_text(schema), encoding="utf-8")
        print(f"wrote {project.rel(path)}")
    return 0
