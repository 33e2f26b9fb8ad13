"""The course's own rules, which pydantic cannot see field by field: keys, sums, uniqueness, times, files.

They run on what is valid of the syllabus (`validate.partial_syllabus`) as well, so that staff
see every problem in one pass; citations are even read from the document itself, so that a
lecture invalid elsewhere still has its unknown keys reported.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from zoneinfo import ZoneInfo

from syllabuild.syllabus.errors import Problem, SyllabusError
from syllabuild.syllabus.model import Syllabus
from syllabuild.syllabus.source import Document, KeyPath, decode_text

__all__ = ["course_problems"]


def course_problems(doc: Document, syllabus: Syllabus, *, root: Path | None, snippets_dir: str = "snippets") -> list[Problem]:
    """Rules pydantic cannot see field by field: keys, sums, uniqueness, dates, files."""
    problems: list[Problem] = []
    problems += _citation_problems(doc)
    problems += _grading_problems(doc, syllabus)
    problems += _uniqueness_problems(doc, syllabus)
    problems += _date_problems(doc, syllabus)
    problems += _meeting_problems(doc, syllabus)
    problems += _language_problems(doc, syllabus)
    if root is not None:
        problems += _file_problems(doc, syllabus, root, snippets_dir)
    return problems


def _citations(data: dict):
    """(path, key) of every `cite:` as written, in lectures that are invalid elsewhere too."""
    lectures = data.get("lectures")
    for i, lecture in enumerate(lectures if isinstance(lectures, list) else ()):
        if isinstance(lecture, dict):
            yield from _cited(lecture, ("lectures", i))


def _cited(item: dict, path: KeyPath):
    readings = item.get("readings")
    for j, reading in enumerate(readings if isinstance(readings, list) else ()):
        if isinstance(reading, dict) and isinstance(reading.get("cite"), str):
            yield (*path, "readings", j, "cite"), reading["cite"]
    topics = item.get("topics")
    for k, topic in enumerate(topics if isinstance(topics, list) else ()):
        if isinstance(topic, dict):
            yield from _cited(topic, (*path, "topics", k))


def _citation_problems(doc: Document) -> list[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    bibliography = data.get("bibliography", {})
    if not isinstance(bibliography, dict):
        return []  # reported as not a mapping; its keys are unknown
    keys = [str(key) for key in bibliography]
    problems = []
    for path, key in _citations(data):
        if key not in bibliography:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else (f"; known keys: {', '.join(keys)}" if keys else "; the bibliography is empty")
            problems.append(doc.problem(path, f"unknown bibliography key '{key}'{hint}"))
    return problems


def _fmt(number: float) -> str:
    return f"{number:g}"


def _grading_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    if syllabus.grading is None:
        return []
    problems = []
    for s, scheme in enumerate(syllabus.grading.schemes):
        total = sum(c.weight for c in scheme.components)
        if abs(total - 100) > 1e-9:
            weights = " + ".join(_fmt(c.weight) for c in scheme.components)
            problems.append(doc.problem(("grading", "schemes", s, "components"),
                                        f"weights add up to {_fmt(total)} ({weights}), expected 100 (bonus not counted)"))
        for c, component in enumerate([*scheme.components, *scheme.bonus]):
            if not component.parts:
                continue
            part_total = sum(p.weight for p in component.parts)
            if abs(part_total - component.weight) > 1e-9:
                where = ("components", c) if c < len(scheme.components) else ("bonus", c - len(scheme.components))
                problems.append(doc.problem(("grading", "schemes", s, *where, "parts"),
                                            f"parts add up to {_fmt(part_total)}, expected the component's weight {_fmt(component.weight)}"))
    return problems


def _uniqueness_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    problems = _repeated(doc, "lectures", syllabus.lectures, "number", "lecture number {}", _counted(doc))
    problems += _repeated(doc, "assignments", syllabus.assignments, "id", "assignment id '{}'")
    names = {_plain(member.name) for member in syllabus.staff if member is not None}
    for m, meeting in enumerate(syllabus.meetings.weekly):
        for k, name in enumerate(meeting.staff):
            if name not in names:
                close = difflib.get_close_matches(name, list(names), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(doc.problem(("meetings", "weekly", m, "staff", k), f"'{name}' is not listed under staff{hint}"))
    return problems


def _repeated(doc: Document, section: str, items: list, field: str, what: str, counted: set[int] = frozenset()) -> list[Problem]:
    """A problem for each item whose `field` an earlier item already uses (None items skipped).

    Items in `counted` were given the value rather than writing it, which the message says.
    """
    problems, first = [], {}
    for i, item in enumerate(items):
        if item is None:
            continue
        value = getattr(item, field)
        if value in first:
            how, earlier = (_COUNTED if i in counted else ""), (_COUNTED if first[value] in counted else "")
            problems.append(doc.problem((section, i, field),
                                        f"{what.format(value)}{how} is already used by {section}[{first[value]}]{earlier}"))
        first.setdefault(value, i)
    return problems


_COUNTED = " (counted on from the lecture before it, having no number:)"


def _counted(doc: Document) -> set[int]:
    """Indexes of the lectures written without `number:`."""
    lectures = doc.data.get("lectures") if isinstance(doc.data, dict) else None
    return {i for i, item in enumerate(lectures if isinstance(lectures, list) else ()) if isinstance(item, dict) and item.get("number") is None}


def _plain(text) -> str:
    return text if isinstance(text, str) else next(iter(text.values()), "")


MAX_TERM_DAYS = 2 * 366
"""A term longer than two years is a typo in a year, and would give pages of hundreds of weeks."""
NEAR_THE_TERM = dt.timedelta(days=366)
"""How far from the term an assignment may be released or due before its year looks like a typo."""


def _date_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    problems = []
    meetings = syllabus.meetings
    term = meetings.term
    if term and term.end < term.start:
        problems.append(doc.problem(("meetings", "term", "end"),
                                    f"the term ends ({term.end}) before it starts ({term.start})"))
    elif term and (term.end - term.start).days + 1 > MAX_TERM_DAYS:
        problems.append(doc.problem(("meetings", "term", "end"),
                                    f"the term is {(term.end - term.start).days + 1} days long ({term.start} to {term.end}), "
                                    f"expected at most {MAX_TERM_DAYS}; is a year mistyped?"))
    elif term:
        problems += _outside_the_term(doc, syllabus, term)
    for m, meeting in enumerate(meetings.weekly):
        if meeting.end <= meeting.start:
            problems.append(doc.problem(("meetings", "weekly", m, "end"),
                                        f"ends at {meeting.end:%H:%M}, not after its start {meeting.start:%H:%M}"))
    zone = _zone(meetings.timezone)
    for i, assignment in enumerate(syllabus.assignments):
        if assignment is not None and assignment.release and assignment.due and \
                _aware(assignment.due, zone) < _aware(assignment.release, zone):
            problems.append(doc.problem(("assignments", i, "due"),
                                        f"due {assignment.due:%Y-%m-%d %H:%M}, before its release {assignment.release:%Y-%m-%d %H:%M}"))
    try:
        ZoneInfo(meetings.timezone)
    except Exception:
        problems.append(doc.problem(("meetings", "timezone"),
                                    f"expected an IANA time zone like Asia/Jerusalem or Europe/Berlin, got \"{meetings.timezone}\""))
    return problems


def _outside_the_term(doc: Document, syllabus: Syllabus, term) -> list[Problem]:
    """Dated lectures and days off outside the term (a page would say "Week -28"), and assignments far from it."""
    span = f"the term ({term.start} to {term.end})"
    problems = []
    dated = [(("lectures", i, "date"), lecture.date) for i, lecture in enumerate(syllabus.lectures)
             if lecture is not None and lecture.date is not None]
    dated += [(("meetings", "no_class", i, "date"), day.date) for i, day in enumerate(syllabus.meetings.no_class)]
    for path, date in dated:
        if not term.start <= date <= term.end:
            problems.append(doc.problem(path, f"expected a date in {span}, got {date}"))
    for i, assignment in enumerate(syllabus.assignments):
        for name in ("release", "due"):
            moment = getattr(assignment, name) if assignment is not None else None
            if moment is None:
                continue
            if moment.date() < term.start - NEAR_THE_TERM or moment.date() > term.end + NEAR_THE_TERM:
                problems.append(doc.problem(("assignments", i, name),
                                            f"{moment.date()} is more than a year away from {span}; is the year right?"))
    return problems


def _language_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    course = getattr(syllabus, "course", None)  # None where the course section itself is invalid
    if course is None:
        return []
    problems, first = [], {}
    for i, lang in enumerate(course.languages):
        if lang in first:
            problems.append(doc.problem(("course", "languages", i),
                                        f"'{lang}' is already listed as course.languages[{first[lang]}]; each site language once"))
        first.setdefault(lang, i)
    return problems


def _meeting_problems(doc: Document, syllabus: Syllabus) -> list[Problem]:
    """Weekly meetings that lectures or sessions cannot tell apart, and lectures' own times and picks."""
    problems = []
    weekly = syllabus.meetings.weekly
    for m, meeting in enumerate(weekly):
        twin = next((n for n, other in enumerate(weekly[:m]) if _same_slot(other, meeting)), None)
        if twin is None:
            continue
        if meeting.kind != "lecture":
            what = f"a second {meeting.kind} on {meeting.weekday} at {meeting.start:%H:%M}"
            hint = "give each a name (name: Group A) to tell them apart"
        elif meeting.name is None:
            what = f"a second lecture meeting on {meeting.weekday} without a name"
            hint = "name one of them (name: afternoon) and pick it with meeting: on the lectures that meet then"
        else:
            what = f"a second lecture meeting on {meeting.weekday} named '{meeting.name}'"
            hint = "lectures cannot tell them apart: rename one"
        problems.append(doc.problem(("meetings", "weekly", m), f"{what}, like meetings.weekly[{twin}]; {hint}"))
    names = sorted({m.name for m in weekly if m.kind == "lecture" and m.name is not None})
    problems += _unplaced_lectures(doc, syllabus, names)
    for i, lecture in enumerate(syllabus.lectures):
        if lecture is None:
            continue
        if lecture.meeting is not None and lecture.meeting not in names:
            close = difflib.get_close_matches(lecture.meeting, names, n=1)
            hint = (f"; did you mean '{close[0]}'?" if close else f"; the named ones are {', '.join(names)}" if names
                    else "; name it with name: under meetings.weekly")
            problems.append(doc.problem(("lectures", i, "meeting"), f"no weekly lecture meeting is named '{lecture.meeting}'{hint}"))
        if (lecture.start is None) != (lecture.end is None):
            given, missing = ("start", "end") if lecture.end is None else ("end", "start")
            problems.append(doc.problem(("lectures", i, given),
                                        f"a lecture's own time needs {missing}: too (or neither, to keep its meeting's time)"))
        elif lecture.start is not None and lecture.end <= lecture.start:
            problems.append(doc.problem(("lectures", i, "end"),
                                        f"ends at {lecture.end:%H:%M}, not after its start {lecture.start:%H:%M}"))
    return problems


def _unplaced_lectures(doc: Document, syllabus: Syllabus, names: list[str]) -> list[Problem]:
    """One problem for the lectures that no meeting takes: every lecture meeting has a name, and they pick none."""
    meetings = syllabus.meetings
    lectures = [meeting for meeting in meetings.weekly if meeting.kind == "lecture"]
    if meetings.term is None or not lectures or any(meeting.name is None for meeting in lectures):
        return []
    unplaced = [i for i, lecture in enumerate(syllabus.lectures)
                if lecture is not None and lecture.date is None and lecture.meeting is None and lecture.status != "dropped"]
    if not unplaced:
        return []
    others = f" ({len(unplaced) - 1} more lectures alike)" if len(unplaced) > 1 else ""
    return [doc.problem(("lectures", unplaced[0]),
                        f"no meeting takes this lecture: every weekly lecture meeting has a name ({', '.join(names)}) "
                        f"and it picks none; add meeting: or date:, or leave one meeting without a name{others}")]


def _same_slot(one, other) -> bool:
    """Whether two weekly meetings cannot be told apart: lectures by weekday and name, others also by start."""
    same = (one.kind, one.weekday, one.name) == (other.kind, other.weekday, other.name)
    return same and (one.kind == "lecture" or one.start == other.start)


def _file_problems(doc: Document, syllabus: Syllabus, root: Path, snippets_dir: str) -> list[Problem]:
    """Files the lectures name: each must be a file inside the project folder (a link may not lead out of it)."""
    problems = []
    for i, lecture in enumerate(syllabus.lectures):
        if lecture is None:
            continue
        if lecture.notes:
            problems += _project_file(doc, ("lectures", i, "notes"), root, lecture.notes, "file", text=True)
        for j, snippet in enumerate(lecture.snippets):
            problems += _project_file(doc, ("lectures", i, "snippets", j), root, f"{snippets_dir}/{snippet}", "snippet file")
        for j, exercise in enumerate(lecture.exercises):
            # Notebooks are repository paths; other relative links are pages of docs/, checked on the built site.
            written = [((field,), getattr(exercise, field)) for field in ("notebook", "solution")]
            written += [(("links", k, "url"), link.url) for k, link in enumerate(exercise.links) if link.url.endswith(".ipynb")]
            for where, target in written:
                if target and "://" not in target and not target.startswith("mailto:"):
                    problems += _project_file(doc, ("lectures", i, "exercises", j, *where), root, target, "file")
    return problems


def _project_file(doc: Document, path: KeyPath, root: Path, relative: str, what: str, *, text: bool = False) -> list[Problem]:
    """The problem with a file a field names (missing, outside the project, not UTF-8 text), if any."""
    target = root / relative
    try:
        resolved, inside = target.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return [doc.problem(path, f"{what} cannot be read: {relative} (a loop of symbolic links)")]
    if not resolved.is_relative_to(inside):
        return [doc.problem(path, f"{what} outside the project folder: {relative} leads to {resolved}; "
                                  "name a file of the project")]
    if not target.is_file():
        return [doc.problem(path, f"{what} not found: {relative}")]
    if text:
        try:
            decode_text(target.read_bytes(), relative)
        except SyllabusError as error:  # located in the notes file itself
            return error.problems
        except OSError as error:
            return [doc.problem(path, f"{what} cannot be read: {relative} ({error.strerror or error})")]
    return []


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except Exception:  # noqa: BLE001 - an unknown zone is reported on its own
        return ZoneInfo("UTC")


def _aware(moment, zone):
    """A moment written without an offset is in the course time zone (one may have `Z`, the other not)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
