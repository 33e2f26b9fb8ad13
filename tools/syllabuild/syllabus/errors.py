"""Typed errors of the syllabus: every problem says file, line, column, key path and what was expected."""

from __future__ import annotations

from syllabuild.problems import Problem

__all__ = ["Problem", "SyllabusError"]


class SyllabusError(Exception):
    """The syllabus cannot be used; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message))
        super().__init__(self.summary())

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]

    def summary(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the syllabus:"
        return "\n".join([head, *self.lines()])
