"""The cache: one plain JSON file of the links that worked, each with the time it was checked.

    {"version": 1, "entries": {"https://example.org/": {"checked": 1767225600.0, "status": "ok", ...}}}

Only working links ('ok', and 'redirected' to a working page) are stored: a failure, a
429 or an unverified link is asked again on the next run. An entry older than the
maximum age is ignored and dropped on the next save. A file that cannot be read is
ignored (the run starts afresh) and replaced when the run ends.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

VERSION = 1


class Cache:
    def __init__(self, path: Path | None, max_age: float, clock: Callable[[], float] = time.time):
        self.path = path
        self.max_age = max_age
        self.clock = clock
        self.entries: dict[str, dict[str, Any]] = {}
        self.problem: str | None = None  # why an existing file was ignored
        if path is not None:
            self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as err:
            self.problem = f"{self.path}: ignored, not a cache file ({err.__class__.__name__})"
            return
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), dict):
            self.problem = f"{self.path}: ignored, written by another version"
            return
        self.entries = {url: entry for url, entry in data["entries"].items()
                        if isinstance(entry, dict) and isinstance(entry.get("checked"), (int, float))}

    def fresh(self, entry: dict[str, Any]) -> bool:
        return 0 <= self.clock() - entry["checked"] <= self.max_age

    def get(self, url: str) -> dict[str, Any] | None:
        entry = self.entries.get(url)
        return entry if entry is not None and self.fresh(entry) else None

    def put(self, url: str, entry: dict[str, Any]) -> None:
        self.entries[url] = dict(entry, checked=self.clock())

    def forget(self, url: str) -> None:
        self.entries.pop(url, None)

    def save(self) -> None:
        """Write the fresh entries, atomically: a run cut short never leaves half a file."""
        if self.path is None:
            return
        kept = {url: entry for url, entry in sorted(self.entries.items()) if self.fresh(entry)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".linkcheck-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"version": VERSION, "entries": kept}, out, indent=1, ensure_ascii=False)
                out.write("\n")
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
