"""Lecture notes from lectures/: the file a lecture names, or lectures/NN-*.md by convention."""

from __future__ import annotations

from pathlib import Path

from syllabuild.syllabus.model import Syllabus


def read_notes(syllabus: Syllabus, project_dir: Path, lectures_dir: str) -> dict[int, tuple[str, str]]:
    """Lecture number -> (path relative to the project, Markdown text)."""
    found: dict[int, tuple[str, str]] = {}
    folder = project_dir / lectures_dir
    for lecture in syllabus.lectures:
        if lecture.notes:
            path = project_dir / lecture.notes
        else:
            matches = sorted(folder.glob(f"{lecture.number:02d}-*.md")) if folder.is_dir() else []
            if not matches:
                continue
            path = matches[0]
        found[lecture.number] = (path.relative_to(project_dir).as_posix(), path.read_text(encoding="utf-8"))
    return found
