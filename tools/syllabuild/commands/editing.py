"""Adding a lecture or an assignment to syllabus.yaml without disturbing the rest of the file.

The file is edited through a ruamel.yaml round trip, so staff comments, key order, quoting and
flow or block style stay as they were; the new entry copies the style of its neighbours.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from syllabuild.pages import lecture_path
from syllabuild.schedule.dates import CourseCalendar
from syllabuild.syllabus import parse_syllabus
from syllabuild.syllabus.model import Lecture, Syllabus

__all__ = ["NewEntry", "add_assignment", "add_lecture"]

_ID_PREFIX = {"homework": "hw", "project": "project", "exam": "exam", "quiz": "quiz", "presentation": "talk"}
_NOTES_STUB = """<!-- Notes for lecture {number}: {title}.
     Markdown written here appears under "Notes" on the lecture's page. -->
"""


@dataclass(frozen=True)
class NewEntry:
    """What `new` added."""

    key: str
    """`lectures[13]` or `assignments[7]`."""
    label: str
    """`lecture 14` or `hw4`."""
    date: dt.date | None
    """The computed date (lecture) or due date (assignment), when the term gives one."""
    text: str
    """The new syllabus.yaml text."""
    notes: Path | None = None
    """The notes stub created, for a lecture."""


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _load(text: str) -> CommentedMap:
    return _yaml().load(text)  # a mapping: parse_syllabus has checked the same text


def _dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _append(data: CommentedMap, key: str, entry: CommentedMap) -> int:
    items = data.get(key)
    if items is None:
        items = CommentedSeq()
        data[key] = items
    if len(items) and isinstance(items[-1], CommentedMap):
        if items[-1].fa.flow_style():
            entry.fa.set_flow_style()
        _move_trailing_lines(items[-1], entry)
    items.append(entry)
    return len(items) - 1


def _move_trailing_lines(previous: CommentedMap, entry: CommentedMap) -> None:
    """Blank lines and comments after the old last entry belong after the new one.

    ruamel.yaml keeps them on the last value of the previous entry; left there, the new entry
    would sit after the blank line that separated the section from the next one. An end-of-line
    comment on that value stays where it is.
    """
    if not previous or not entry:
        return
    key = list(previous)[-1]
    slot = previous.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or not isinstance(token, CommentToken):
        return
    own, _, rest = token.value.partition("\n") if not token.value.startswith("\n") else ("", "", token.value[1:])
    if not rest:
        return
    token.value = own + "\n"
    entry.ca.items[list(entry)[-1]] = [None, None, CommentToken("\n" + rest, token.start_mark, None), None]


def add_lecture(syllabus_path: Path, title: str, *, lectures_dir: Path | None = None) -> NewEntry:
    """Append lecture N+1 to `syllabus_path` and create its notes stub.

    The date is not written: it stays computed from the weekly meetings, so moving an earlier
    lecture still moves this one. The computed date is returned for the caller to show.

    Raises:
        SyllabusError: the syllabus does not validate, before or after the edit.
    """
    text = syllabus_path.read_text(encoding="utf-8")
    syllabus = parse_syllabus(text, name=syllabus_path.name)
    number = max((lecture.number for lecture in syllabus.lectures), default=0) + 1
    date = _next_lecture_date(syllabus, number, title)
    data = _load(text)
    index = _append(data, "lectures", CommentedMap([("number", number), ("title", title)]))
    new_text = _dump(data)
    parse_syllabus(new_text, name=syllabus_path.name)
    notes = None
    if lectures_dir is not None:
        default_lang = syllabus.course.languages[0]
        name = Path(lecture_path(Lecture(number=number, title=title), default_lang)).name
        existing = sorted(lectures_dir.glob(f"{number:02d}-*.md")) if lectures_dir.is_dir() else []
        if not existing:
            notes = lectures_dir / name
            lectures_dir.mkdir(parents=True, exist_ok=True)
            notes.write_text(_NOTES_STUB.format(number=number, title=title.replace("--", "–")), encoding="utf-8")
    _write_atomically(syllabus_path, new_text)
    return NewEntry(f"lectures[{index}]", f"lecture {number}", date, new_text, notes)


def add_assignment(syllabus_path: Path, title: str, *, kind: str = "homework", id: str | None = None) -> NewEntry:
    """Append an assignment with the next free id of its kind (`hw3` after `hw2`).

    Its deadline is 23:59 on the first class day after the latest deadline of the same kind,
    which is the usual rhythm; staff adjust it in the file.

    Raises:
        SyllabusError: the syllabus does not validate, before or after the edit.
        ValueError: the id is taken.
    """
    text = syllabus_path.read_text(encoding="utf-8")
    syllabus = parse_syllabus(text, name=syllabus_path.name)
    taken = {a.id for a in syllabus.assignments}
    if id is None:
        prefix = _ID_PREFIX.get(kind, kind)
        numbers = [int(m.group(1)) for a in taken if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)", a))]
        id = f"{prefix}{max(numbers, default=0) + 1}"
    elif id in taken:
        raise ValueError(f'assignment id "{id}" is taken; choose another with --id')
    due = _next_due(syllabus, kind)
    entry = CommentedMap([("id", id), ("kind", kind), ("title", title)])
    if due is not None:
        # Written the way staff write moments (YAML reads it as text; the model parses it).
        entry["due"] = f"{due:%Y-%m-%dT%H:%M}"
    data = _load(text)
    index = _append(data, "assignments", entry)
    new_text = _dump(data)
    parse_syllabus(new_text, name=syllabus_path.name)
    _write_atomically(syllabus_path, new_text)
    return NewEntry(f"assignments[{index}]", id, due.date() if due else None, new_text)


def _next_lecture_date(syllabus: Syllabus, number: int, title: str) -> dt.date | None:
    added = syllabus.model_copy(update={"lectures": [*syllabus.lectures, Lecture(number=number, title=title)]})
    return CourseCalendar.from_syllabus(added).lectures[-1].date


def _next_due(syllabus: Syllabus, kind: str) -> dt.datetime | None:
    calendar = CourseCalendar.from_syllabus(syllabus)
    days = sorted({e.date for e in calendar.lectures if e.date is not None} | {s.date for s in calendar.sessions})
    dues = [a.due.date() for a in syllabus.assignments if a.due and a.kind == kind]
    after = max(dues) if dues else None
    day = next((d for d in days if after is None or d > after), None)
    return dt.datetime.combine(day, dt.time(23, 59)) if day else None


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
