"""What `syllabuild term new` tells staff: what it changed, and what only they can check.

Dates it can move; holidays, rooms, staff and the texts that mention the old term it cannot
know. Each of those is listed with the line of the rolled file where staff will find it.
"""

from __future__ import annotations

import re
from pathlib import Path

from syllabuild.console import plural
from syllabuild.pages.text import clock, day, localize, moment
from syllabuild.schedule import CourseCalendar
from syllabuild.syllabus.source import Document, KeyPath, format_path, parse_document
from syllabuild.syllabus.values import clipped
from syllabuild.terms.names import Name
from syllabuild.terms.roll import RolledTerm

__all__ = ["summary_lines"]

_DATED_KEYS = {"date", "release", "due", "solution_release"}
_PUBLICATIONS = {"bibliography", "resources", "readings"}
"""Sections that cite publications, whose years are theirs, not the term's."""
_KINDS = {
    "lecture": ("lecture date", "lecture dates"),
    "assignment": ("assignment release or deadline", "assignment releases and deadlines"),
    "release": ("release of a lecture page, slides or exercise", "releases of lecture pages, slides and exercises"),
}


def summary_lines(rolled: RolledTerm, name: str = "syllabus.yaml") -> list[str]:
    """The summary printed after a roll, one line each; `name` is the file as messages call it."""
    doc = parse_document(rolled.text, path=Path(name), display_name=name)
    language = rolled.after.course.languages[0]
    old, new = rolled.old_term, rolled.new_term
    label = localize(rolled.name.new, language, "") if rolled.name.new else "the new term"
    lines = [f"{name}: rolled forward to {label}, {day(new.start)} to {day(new.end)}", "changed:"]
    lines.append(f"  term: {day(old.start)} to {day(old.end)} -> {day(new.start)} to {day(new.end)}")
    if rolled.name.changed:
        lines.append(f"  name: {_name_change(rolled.name.old, rolled.name.new, rolled.name.derived)}")
    lines += _moved_lines(rolled)
    lines += _cleared_lines(rolled)
    lines += ["still to check:", *(f"  {line}" if line.startswith(" ") else f"  - {line}" for line in _checks(rolled, doc, name))]
    lines.append("then: syllabuild check, and publish")
    return lines


def _name_change(old: Name | None, new: Name, derived: tuple[str, ...]) -> str:
    """`Winter 2024 -> Winter 2025`, per language, each derived one marked so staff know it was a guess."""
    def part(before: str | None, after: str, lang: str) -> str:
        guessed = " (its year moved with the dates)" if lang in derived else ""
        return f"{lang + ': ' if lang else ''}{before or '(none)'} -> {after}{guessed}"

    if isinstance(new, dict):
        parts = [part(old.get(lang) if isinstance(old, dict) else old, text, lang)
                 for lang, text in new.items() if not isinstance(old, dict) or old.get(lang) != text]
    else:
        parts = [part(old if isinstance(old, str) else None, new, "")]
    return "; ".join(parts) + ("; --term names it otherwise" if derived else "")


def _moved_lines(rolled: RolledTerm) -> list[str]:
    old, new = rolled.old_term, rolled.new_term
    lines = []
    if new.start.weekday() != old.start.weekday():
        lines.append(f"  weekdays: the new term starts on a {new.start:%A}, the old one on a {old.start:%A}; "
                     f"dates keep their weekdays (teaching weeks now begin on {new.start:%A}s)")
    counts = [plural(sum(1 for m in rolled.moved if m.kind == kind), *_KINDS[kind]) for kind in _KINDS
              if any(m.kind == kind for m in rolled.moved)]
    moved = ", ".join(counts) if counts else "nothing dated but the term"
    lines.append(f"  moved by {plural(rolled.weeks, 'week')}, to the same weekdays: {moved}")
    computed = [entry for entry, lecture in zip(CourseCalendar.from_syllabus(rolled.after).lectures, rolled.before.lectures)
                if lecture.date is None and entry.date is not None]
    if computed:
        lines.append(f"  computed from the weekly meetings: {plural(len(computed), 'lecture')} without a date, "
                     f"{day(computed[0].date)} to {day(computed[-1].date)}")
    if rolled.kept:
        kept = ", ".join(f"{format_path(m.path)} {m.old}" for m in rolled.kept)
        lines.append(f"  kept as written, more than a year from the term: {kept}")
    return lines


def _cleared_lines(rolled: RolledTerm) -> list[str]:
    cleared = []
    if rolled.recordings:
        count = sum(n for _, n in rolled.recordings)
        numbers = [str(number) for number, _ in rolled.recordings]
        which = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
        cleared.append(f"{plural(count, 'recording')} (lecture{'s' if len(numbers) > 1 else ''} {which})")
    if rolled.announcements:
        cleared.append(plural(rolled.announcements, "announcement"))
    if rolled.days_off:
        days = ", ".join(day(d.date) for d in rolled.days_off)
        cleared.append(f"{plural(len(rolled.days_off), 'day off', 'days off')} ({days}; listed in a comment "
                       "above meetings.no_class)")
    return [f"  cleared: {', '.join(cleared)}"] if cleared else []


def _checks(rolled: RolledTerm, doc: Document, name: str) -> list[str]:
    after = rolled.after
    language = after.course.languages[0]
    where = _where(doc, name)
    checks = []
    computed = any(lecture.date is None and lecture.status != "dropped" for lecture in after.lectures)
    fills = "; until then, lectures computed from the meetings fall on them" if computed else ""
    checks.append(f"days off: enter the new term's holidays under meetings.no_class{where(('meetings', 'no_class'))}{fills}")
    if after.meetings.weekly:
        meetings = "; ".join(
            " ".join(part for part in (meeting.kind, meeting.weekday.capitalize(), clock(meeting.start, meeting.end),
                                       localize(meeting.room, language, "")) if part)
            for meeting in after.meetings.weekly)
        checks.append(f"rooms and times: meetings.weekly{where(('meetings', 'weekly'))}: {meetings}")
    own = [i for i, lecture in enumerate(after.lectures) if lecture.room is not None or lecture.start is not None]
    if own:
        checks.append("rooms and times that lectures give themselves: " + ", ".join(
            f"lectures[{i}]{where(('lectures', i))}" for i in own))
    if after.staff:
        hours = sum(1 for member in after.staff if member.office_hours)
        checks.append(f"staff{where(('staff',))}: {plural(len(after.staff), 'person', 'people')}, "
                      f"{hours} with office hours")
    exams = [(i, a) for i, a in enumerate(after.assignments) if a.kind == "exam" and (a.due or a.release)]
    for i, exam in exams:
        checks.append(f"exam date: assignments[{i}] ({exam.id}){where(('assignments', i))} is now "
                      f"{moment(exam.due or exam.release)}; compare it with the exam schedule")
    for check in rolled.offsets:
        checks.append(f"{format_path(check.path)}{where(check.path)}: {check.written} is {moment(check.local)} in "
                      f"{after.meetings.timezone}, whose offset differs on the new date; check the offset")
    mentions = _old_term_mentions(doc, rolled)
    if mentions:
        checks.append(f"{plural(len(mentions), 'text names', 'texts name')} the old term "
                      f"({' or '.join(sorted(_old_years(rolled)))}):")
        checks += [f"  {line}" for line in mentions]
    return checks


def _where(doc: Document, name: str):
    def where(path: KeyPath) -> str:
        if path not in doc.values and path not in doc.keys:
            return ""
        position = doc.keys.get(path) or doc.values[path]
        return f" ({name}:{position.line})"
    return where


def _old_years(rolled: RolledTerm) -> set[str]:
    return {str(rolled.old_term.start.year), str(rolled.old_term.end.year)}


def _old_term_mentions(doc: Document, rolled: RolledTerm) -> list[str]:
    """`file:line:col: path: …text…` for every text of the rolled file that names an old term year."""
    years = re.compile(r"(?<!\d)(?:" + "|".join(sorted(_old_years(rolled))) + r")(?!\d)")
    found = []

    def walk(value: object, path: KeyPath) -> None:
        if path[-1:] and (path[-1] in _DATED_KEYS or path[-1] in _PUBLICATIONS) or path[:2] == ("meetings", "term"):
            return
        if path == ("course", "term"):
            return
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, (*path, key))
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, (*path, index))
        elif isinstance(value, str) and (match := years.search(value)):
            position = doc.position(path)
            found.append(f"{doc.display_name}:{position.line}:{position.column}: {format_path(path)}: "
                         f"{_excerpt(value, match)}")

    walk(doc.data, ())
    return found


def _excerpt(text: str, match: re.Match, words: int = 4) -> str:
    """The words around `match` on one line, with … where the text goes on (a URL is one word)."""
    spans = [word.span() for word in re.finditer(r"\S+", text)]
    hit = next(i for i, (start, end) in enumerate(spans) if start <= match.start() < end)
    first, last = max(0, hit - words), min(len(spans), hit + words + 1)
    excerpt = clipped(" ".join(text[start:end] for start, end in spans[first:last]), 100)
    return ("…" if first > 0 else "") + excerpt + ("…" if last < len(spans) else "")
