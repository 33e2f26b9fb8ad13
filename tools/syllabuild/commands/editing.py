"""Adding a lecture or an assignment to syllabus.yaml without disturbing the rest of the file.

The file is edited through a ruamel.yaml round trip, so staff comments, key order, quoting and
flow or block style stay as they were; the new entry copies the style of its neighbours.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from syllabuild.atomic import replace_text
from syllabuild.pages import lecture_path
from syllabuild.schedule.dates import WEEKDAYS, CourseCalendar
from syllabuild.syllabus import parse_syllabus
from syllabuild.syllabus.model import Lecture, Meeting, Syllabus

__all__ = ["EMPTY_TITLE", "NewEntry", "add_assignment", "add_lecture", "default_dates"]

_ID_PREFIX = {"homework": "hw", "project": "project", "exam": "exam", "quiz": "quiz", "presentation": "talk"}
EMPTY_TITLE = 'expected a title, like "Convolutional networks", got an empty one'
"""What `new` says when the title is empty or blank."""
_UNDATED_KINDS = {"exam", "presentation"}
_WEEK = dt.timedelta(weeks=1)
_NOON = dt.time(12, 0)
_END_OF_DAY = dt.time(23, 59)
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
    release: dt.datetime | None = None
    """The release written, for an assignment."""


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


def _appended(text: str, key: str, entry: CommentedMap) -> tuple[str, int]:
    """`text` with `entry` appended to the list at `key`, laid out like its neighbours.

    ruamel.yaml keeps the blank lines and comments after the old last entry on that entry's
    last value, so a plain dump puts the new entry after them; and it knows nothing of the blank
    line staff leave between entries. Both are put right on the dumped text, which is exact:
    the new entry holds scalars only, so it is one line (flow) or one line per key (block).
    """
    data = _load(text)
    items = data.get(key)
    if items is None:
        items = CommentedSeq()
        data[key] = items
    separator = _separator(text.splitlines(), items)
    if len(items) and isinstance(items[-1], CommentedMap) and items[-1].fa.flow_style():
        entry.fa.set_flow_style()
    items.append(entry)
    index = len(items) - 1
    dumped = _dump(data)
    if index == 0 or items.fa.flow_style():  # nothing to lay out, or all on one line: `[{…}, {…}]`
        return dumped, index
    length = 1 if entry.fa.flow_style() else len(entry)
    return _laid_out(dumped, key, index, length, separator), index


def _separator(lines: list[str], items: CommentedSeq) -> int:
    """Blank lines between the last two entries of `items` as written (0 with fewer than two)."""
    if len(items) < 2:
        return 0
    line = items.lc.item(len(items) - 1)[0]
    blank = 0
    while line > 0 and _between_entries(lines[line - 1], _dash_column(lines[line])):
        line -= 1
        blank += not lines[line].strip()
    return blank


def _laid_out(dumped: str, key: str, index: int, length: int, separator: int) -> str:
    """Move the blank and comment lines before the new entry to after it, and put the separator there."""
    lines = dumped.splitlines(keepends=True)
    start = _load(dumped)[key].lc.item(index)[0]
    column = _dash_column(lines[start])
    gap = start
    while gap > 0 and _between_entries(lines[gap - 1], column):
        gap -= 1
    moved = lines[gap:start]
    return "".join([*lines[:gap], *["\n"] * separator, *lines[start:start + length], *moved, *lines[start + length:]])


def _dash_column(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _between_entries(line: str, dash_column: int) -> bool:
    """A blank line, or a comment no deeper than the entries' dashes (deeper ones belong to an entry)."""
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and _dash_column(line) <= dash_column)


def add_lecture(syllabus_path: Path, title: str, *, lectures_dir: Path | None = None) -> NewEntry:
    """Append lecture N+1 to `syllabus_path` and create its notes stub.

    The date is not written: it stays computed from the weekly meetings, so moving an earlier
    lecture still moves this one. The computed date is returned for the caller to show.

    Raises:
        SyllabusError: the syllabus does not validate, before or after the edit.
        ValueError: the title is empty.
    """
    title = _title(title)
    text = syllabus_path.read_text(encoding="utf-8")
    syllabus = parse_syllabus(text, name=syllabus_path.name)
    number = max((lecture.number for lecture in syllabus.lectures), default=0) + 1
    date = _next_lecture_date(syllabus, number, title)
    new_text, index = _appended(text, "lectures", CommentedMap([("number", number), ("title", title)]))
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
    replace_text(syllabus_path, new_text)
    return NewEntry(f"lectures[{index}]", f"lecture {number}", date, new_text, notes)


def add_assignment(syllabus_path: Path, title: str, *, kind: str = "homework", id: str | None = None) -> NewEntry:
    """Append an assignment with the next free id of its kind (`hw3` after `hw2`).

    Homework, projects and quizzes get a release and a deadline a week later (see
    `default_dates`); exams and presentations get neither, since their date is set elsewhere
    and a guessed one would be published. Staff adjust them in the file.

    Raises:
        SyllabusError: the syllabus does not validate, before or after the edit.
        ValueError: the title is empty, or the id is taken.
    """
    title = _title(title)
    text = syllabus_path.read_text(encoding="utf-8")
    syllabus = parse_syllabus(text, name=syllabus_path.name)
    taken = {a.id for a in syllabus.assignments}
    if id is None:
        prefix = _ID_PREFIX.get(kind, kind)
        numbers = [int(m.group(1)) for a in taken if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)", a))]
        id = f"{prefix}{max(numbers, default=0) + 1}"
    elif id in taken:
        raise ValueError(f'assignment id "{id}" is taken; choose another with --id')
    release, due = default_dates(syllabus, kind)
    entry = CommentedMap([("id", id), ("kind", kind), ("title", title)])
    # Written the way staff write moments (YAML reads them as text; the model parses them).
    if release is not None:
        entry["release"] = f"{release:%Y-%m-%dT%H:%M}"
    if due is not None:
        entry["due"] = f"{due:%Y-%m-%dT%H:%M}"
    new_text, index = _appended(text, "assignments", entry)
    parse_syllabus(new_text, name=syllabus_path.name)
    replace_text(syllabus_path, new_text)
    return NewEntry(f"assignments[{index}]", id, due.date() if due else None, new_text, release=release)


def default_dates(syllabus: Syllabus, kind: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(release, due) of the next assignment of `kind`, in course time, without a zone.

    The release follows the course's rhythm: on the first class day on or after the latest
    deadline of the same kind (the next sheet comes out as the last one is handed in), or on
    the first class day of the term for the first one, right after that day's first class.
    The deadline is 23:59 a week after the release. Exams and presentations: (None, None).
    """
    if kind in _UNDATED_KINDS:
        return None, None
    ends = _class_ends(syllabus)
    same = [a for a in syllabus.assignments if a.kind == kind]
    anchor = max((a.due.date() for a in same if a.due), default=None)
    if anchor is None:
        released = max((a.release.date() for a in same if a.release), default=None)
        anchor = released + _WEEK if released else None
    day = next((d for d in sorted(ends) if anchor is None or d >= anchor), None)
    if day is None:
        # No class day left (or none at all): the anchor itself, else the start of the term.
        term = syllabus.meetings.term
        day = anchor or (term.start if term else None)
    if day is None:
        return None, None
    release = dt.datetime.combine(day, ends.get(day, _NOON))
    return release, dt.datetime.combine(day + _WEEK, _END_OF_DAY)


def _class_ends(syllabus: Syllabus) -> dict[dt.date, dt.time]:
    """Every class day of the term -> the end of its first class.

    From the weekly meetings over the whole term, not from the lectures listed so far: an
    assignment may well be due after the last lecture written down yet.
    """
    meetings = syllabus.meetings
    ends: dict[dt.date, tuple[dt.time, dt.time]] = {}

    def add(day: dt.date, meeting: Meeting) -> None:
        if day not in ends or meeting.start < ends[day][0]:
            ends[day] = (meeting.start, meeting.end)

    closed = {item.date for item in meetings.no_class}
    if meetings.term is not None:
        for offset in range((meetings.term.end - meetings.term.start).days + 1):
            day = meetings.term.start + dt.timedelta(days=offset)
            for meeting in meetings.weekly:
                if day not in closed and WEEKDAYS.index(meeting.weekday) == day.weekday():
                    add(day, meeting)
    return {day: end for day, (_, end) in ends.items()}


def _title(title: str) -> str:
    """The title without surrounding blanks; an empty one would give a nameless page and a `NN-page.md` stub."""
    title = title.strip()
    if not title:
        raise ValueError(EMPTY_TITLE)
    if any(ord(char) < 32 for char in title):
        raise ValueError(f"expected a title on one line, got {title!r}")
    return title


def _next_lecture_date(syllabus: Syllabus, number: int, title: str) -> dt.date | None:
    added = syllabus.model_copy(update={"lectures": [*syllabus.lectures, Lecture(number=number, title=title)]})
    return CourseCalendar.from_syllabus(added).lectures[-1].date

