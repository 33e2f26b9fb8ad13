"""Memory that outlives one build: `mkdocs serve` creates a new plugin for every rebuild."""

from __future__ import annotations

from pathlib import Path

from syllabuild.syllabus.model import Syllabus


class _LastGood:
    """The last syllabus that validated, per file, so serve can keep showing a working site."""

    def __init__(self) -> None:
        self._by_path: dict[Path, Syllabus] = {}

    def remember(self, path: Path, syllabus: Syllabus) -> None:
        self._by_path[path.resolve()] = syllabus

    def recall(self, path: Path) -> Syllabus | None:
        return self._by_path.get(path.resolve())


last_good = _LastGood()
