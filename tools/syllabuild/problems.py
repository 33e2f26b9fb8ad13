"""One mistake in a file the staff wrote: file, line, column, key path and what was expected.

Shared by every layer that reads staff files (mkdocs.yml settings, syllabus.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a file, printed as `syllabus.yaml:41:9: lectures[3].date: expected …`."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
