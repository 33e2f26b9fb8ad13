"""Files in the lectures folder that belong to no lecture.

A course started by replacing another course's syllabus.yaml would otherwise silently publish
the old course's lecture notes (a notes file joins the lecture of its number) and notebooks
(every notebook in the folder becomes a page). Each finding is one warning line naming the file
and what to do; `--strict` turns them into a failed build.
"""

from __future__ import annotations

import re
from pathlib import Path

from syllabuild.pages import text
from syllabuild.syllabus.model import Syllabus

__all__ = ["orphan_files"]

_NUMBERED = re.compile(r"^(?P<number>\d{1,3})-(?P<slug>.+)\.md$")


def orphan_files(syllabus: Syllabus, root: Path, lectures_dir: str) -> list[str]:
    """One line per notes file or notebook of `lectures_dir` that no lecture uses (or that looks misfiled).

    Args:
        syllabus: the whole course (before release dates apply: a lecture not yet out still owns its notes).
        root: the project folder.
        lectures_dir: the lectures folder, relative to `root`.
    """
    folder = root / lectures_dir
    if not folder.is_dir():
        return []
    lectures = {lecture.number: lecture for lecture in syllabus.lectures}
    named = {lecture.notes for lecture in syllabus.lectures if lecture.notes}
    listed = {link.url for lecture in syllabus.lectures for exercise in lecture.exercises
              for link in exercise.materials}
    default = syllabus.course.languages[0]
    slugs = {number: text.slugify(text.localize(lecture.title, default, default)) for number, lecture in lectures.items()}
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or ".ipynb_checkpoints" in path.parts or relative in named:
            continue
        if path.suffix == ".ipynb" and relative not in listed:
            found.append(f"{relative}: no lecture lists this notebook (lectures[N].exercises[M].notebook); "
                         "it is published under Notebooks all the same — list it, or move it out of "
                         f"{lectures_dir}/")
        if path.suffix != ".md" or path.parent != folder:
            continue
        match = _NUMBERED.match(path.name)
        if match is None:
            found.append(f"{relative}: no lecture uses these notes: name it NN-title.md after its lecture "
                         "number, or set `notes:` on the lecture")
            continue
        number, slug = int(match["number"]), match["slug"]
        if number not in lectures:
            found.append(f"{relative}: notes for lecture {number}, but the syllabus has no lecture {number}")
            continue
        if lectures[number].notes:
            found.append(f"{relative}: lecture {number} takes its notes from {lectures[number].notes}, not from this file")
            continue
        owner = next((n for n, title in slugs.items() if title == slug and n != number), None)
        if owner is not None and slugs[number] != slug:
            found.append(f"{relative}: joins lecture {number} ({text.localize(lectures[number].title, default, default)}) "
                         f"by its number, but its name is lecture {owner}'s title; rename it {owner:02d}-{slug}.md")
    return found
