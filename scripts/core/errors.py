"""One error type for content problems: file, line, what is wrong, what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class ContentError(Exception):
    """A problem an editor can fix, printed as `path:line: message (hint)`."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    detail: str | None = None  # extra lines shown under the message, such as a short diff
    # The file could not be read at all (a YAML syntax error, a broken front matter): other
    # problems reported for the same file are its consequences, so only this one is shown.
    blocking: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def report(self) -> str:
        """The one-line message, then the detail indented below it."""
        if not self.detail:
            return str(self)
        return str(self) + "\n" + "\n".join("    " + line for line in self.detail.splitlines())


class ContentErrors(Exception):
    """Several content problems found in one pass; each prints on its own line."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors), key=lambda e: (e.path, e.line or 0, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __bool__(self) -> bool:
        return bool(self.errors)


def relative(path: Path | str, root: Path | None = None) -> str:
    """A path as an editor would type it: relative to the project root, with '/'."""
    path = Path(path)
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class Lines:
    """The line of each offset in a text, for offsets visited in increasing order (one pass
    over the text in all, not one count from the start per finding)."""

    def __init__(self, text: str):
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.offset:  # out of order: start again
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line

