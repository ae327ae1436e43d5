"""Command line: `python -m scripts <verb> [options]`. Each verb is a thin layer over a module.

Verbs print content problems as `path:line: message (hint)` and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
import sys

from scripts.core.errors import ContentError, ContentErrors

# verb -> (module, function, one-line help). Functions take argv and return an exit code.
VERBS = {
    "build": ("scripts.core.build", "main", "strict MkDocs build into site/, quiet unless something is wrong"),
    "serve": ("scripts.core.preview", "main", "live preview; shows problems and recovers when they are fixed"),
    "sync": ("scripts.steps.cli", "main", "rewrite the marked step regions in docs/ from data/"),
    "check": ("scripts.core.check", "main", "every offline content check (builds the site first)"),
    "schema": ("scripts.steps.cli", "schema_main", "write the JSON Schema of each data file to data/schema/"),
    "translated": ("scripts.writing.translations", "mark_main", "record that translations match the current source pages"),
    "outdated": ("scripts.writing.translations", "outdated_main", "list translations whose source page changed since"),
    "readability": ("scripts.writing.readability", "main", "reading-ease score of every page (to set the thresholds)"),
    "search-index": ("scripts.search.index", "main", "write the search index of each language into a built site"),
    "headers": ("scripts.publishing.headers", "main", "rewrite deploy/nginx.conf with the security headers of the built pages"),
    "linkcheck": ("scripts.links.linkcheck.cli", "main", "check the site's external links over the network (make linkcheck)"),
    "lock-anchors": ("scripts.anchors.lock", "main", "add every current page and ID to data/anchors.lock.yml (never removes)"),
}


def usage() -> str:
    width = max(len(v) for v in VERBS)
    lines = ["usage: python -m scripts <verb> [options]", "", "verbs:"]
    lines += [f"  {name.ljust(width)}  {help_}" for name, (_, _, help_) in VERBS.items()]
    lines += ["", "Run `python -m scripts <verb> --help` for a verb's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if argv else 2
    verb, rest = argv[0], argv[1:]
    if verb not in VERBS:
        print(f"unknown verb '{verb}'\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, function, _ = VERBS[verb]
    function = getattr(importlib.import_module(module_name), function)
    try:
        return function(rest)
    except ContentErrors as errs:
        for err in errs.errors:
            print(err.report(), file=sys.stderr)
        return 1
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
