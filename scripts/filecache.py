"""Reuse a value computed from files while those files are unchanged.

MkDocs builds each language in turn and calls hooks for every page; the catalog, the
collected answers and the anchor lock only change when a file in data/ or docs/ does
(which `make serve` notices and rebuilds for).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_values: dict[Hashable, tuple[tuple, object]] = {}


def stamp(paths: Iterable[Path]) -> tuple:
    """Name, modification time and size of each file (None for a missing one)."""
    out = []
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            out.append((str(path), None))
        else:
            out.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(out)


def cached(key: Hashable, paths: Iterable[Path], compute: Callable[[], T]) -> T:
    """compute(), or its last result for `key` if every file in `paths` is as it was then."""
    current = stamp(paths)
    hit = _values.get(key)
    if hit is not None and hit[0] == current:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    _values[key] = (current, value)
    return value
