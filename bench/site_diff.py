"""Compare two built site folders, ignoring what changes on every build.

    python bench/site_diff.py BEFORE AFTER [--show N]

Lists the files only in one folder, and for each file in both whose content differs, a
short unified diff of its text (HTML is split at tags so that a diff shows the element
that changed, not one long line). Build dates (sitemap <lastmod>, the build date Material
writes, gzip headers) are ignored. Exit 0 when the folders are the same, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import re
import sys
from pathlib import Path

IGNORED = [
    (re.compile(r"<lastmod>[^<]*</lastmod>"), "<lastmod/>"),
    (re.compile(r'"build_date_utc":\s*"[^"]*"'), '"build_date_utc": ""'),
    (re.compile(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"), "<timestamp>"),
]


def normalised(path: Path) -> str | bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    for pattern, replacement in IGNORED:
        text = pattern.sub(replacement, text)
    if path.suffix in (".html", ".xml", ".gz"):
        text = re.sub(r">\s*<", ">\n<", text)
    return text


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=20, help="diff lines shown per file (default: 20)")
    args = parser.parse_args(argv)
    before, after = files(args.before), files(args.after)
    different = 0
    for name in sorted(before - after):
        print(f"only before: {name}")
        different += 1
    for name in sorted(after - before):
        print(f"only after:  {name}")
        different += 1
    for name in sorted(before & after):
        old, new = normalised(args.before / name), normalised(args.after / name)
        if old == new:
            continue
        different += 1
        if isinstance(old, bytes) or isinstance(new, bytes):
            print(f"differs (binary): {name}")
            continue
        diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), "before", "after", n=0, lineterm=""))
        print(f"differs: {name} ({sum(1 for d in diff if d[:1] in '+-') - 2} lines)")
        for line in diff[2:2 + args.show]:
            print("    " + line[:200])
    print(f"{different} file(s) differ", file=sys.stderr)
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
