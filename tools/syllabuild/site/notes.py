"""Lecture notes from lectures/: the file a lecture names, or lectures/NN-*.md by convention."""

from __future__ import annotations

from pathlib import Path

from syllabuild.syllabus import SyllabusError
from syllabuild.syllabus.model import Syllabus
from syllabuild.syllabus.source import decode_text

__all__ = ["UnreadableSource", "read_notes", "read_source"]


class UnreadableSource(Exception):
    """Project files the site is built from that cannot be read as text; `lines` says each, at its file."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


def read_notes(syllabus: Syllabus, project_dir: Path, lectures_dir: str) -> dict[int, tuple[str, str]]:
    """Lecture number -> (path relative to the project, Markdown text).

    Raises:
        UnreadableSource: a notes file is not UTF-8 text, or leads outside the project folder.
    """
    found: dict[int, tuple[str, str]] = {}
    problems: list[str] = []
    folder = project_dir / lectures_dir
    for lecture in syllabus.lectures:
        if lecture.notes:
            path = project_dir / lecture.notes
        else:
            matches = sorted(p for p in folder.glob(f"{lecture.number:02d}-*.md") if p.is_file()) if folder.is_dir() else []
            if not matches:
                continue
            path = matches[0]
        try:
            found[lecture.number] = (path.relative_to(project_dir).as_posix(), read_source(path, project_dir))
        except UnreadableSource as error:
            problems += error.lines
    if problems:
        raise UnreadableSource(problems)
    return found


def read_source(path: Path, project_dir: Path, *, confined: bool = True) -> str:
    """The text of a project file that joins the site: UTF-8 text, inside the project folder when `confined`.

    Lecture notes are confined, as every file the syllabus names is: a symbolic link out of the
    project would publish a file of the machine. Hand-written pages of docs/ are the project's own
    choice, shared pages linked in included.

    Raises:
        UnreadableSource: at the file (its line and column for bytes that are not UTF-8).
    """
    shown = path.relative_to(project_dir).as_posix() if path.is_relative_to(project_dir) else str(path)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        raise UnreadableSource([f"{shown}: cannot be read (a loop of symbolic links)"]) from None
    if confined and not resolved.is_relative_to(project_dir.resolve()):
        raise UnreadableSource([f"{shown}: a symbolic link to {resolved}, outside the project folder; "
                                "the site publishes only files of the project"])
    try:
        return decode_text(path.read_bytes(), shown)
    except SyllabusError as error:
        raise UnreadableSource(error.lines()) from None
    except OSError as error:
        raise UnreadableSource([f"{shown}: cannot be read ({error.strerror or error})"]) from None
