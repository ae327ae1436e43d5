"""What a check found: errors fail `make check`, warnings are shown, notes are figures."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from scripts.core.errors import ContentError, ContentErrors


@dataclass
class Report:
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def error(self, *errors: ContentError) -> None:
        self.errors.extend(e for e in errors if e not in self.errors)

    def warn(self, *warnings: ContentError) -> None:
        self.warnings.extend(w for w in warnings if w not in self.warnings)

    def drop_consequences(self) -> None:
        """Keep only the cause for a file that could not be read: its other problems follow from it."""
        blocked = {e.path for e in self.errors if e.blocking}
        self.errors = [e for e in self.errors if e.blocking or e.path not in blocked]
        self.warnings = [w for w in self.warnings if w.path not in blocked]

    def note(self, line: str) -> None:
        self.notes.append(line)

    def absorb(self, exc: ContentError | ContentErrors) -> None:
        self.error(*(exc.errors if isinstance(exc, ContentErrors) else [exc]))

    def print(self, out: TextIO = sys.stderr) -> None:
        for line in self.notes:
            print(line, file=out)
        for warning in self.warnings:
            print("warning: " + warning.report(), file=out)
        for error in self.errors:
            print(error.report(), file=out)
