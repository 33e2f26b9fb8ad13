"""Lecture dates computed from the term, the weekly meetings and the no-class dates.

An explicit `date:` on a lecture wins; every later lecture without one takes the next free
lecture slot after it, so moving or cancelling one lecture is one edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from syllabuild.syllabus.model import Lecture, Meeting, Syllabus

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class ScheduledLecture:
    lecture: Lecture
    date: dt.date | None
    meeting: Meeting | None
    """The weekly meeting the date falls on (gives time and room), if any."""
    week: int | None


@dataclass(frozen=True)
class CourseCalendar:
    """Dates of the course derived once from the syllabus."""

    term_start: dt.date | None
    lectures: tuple[ScheduledLecture, ...]

    @classmethod
    def from_syllabus(cls, syllabus: Syllabus) -> "CourseCalendar":
        meetings = syllabus.meetings
        lecture_meetings = [m for m in meetings.weekly if m.kind == "lecture"]
        slots = _slots(syllabus, lecture_meetings)
        scheduled = []
        cursor: dt.date | None = None
        for lecture in syllabus.lectures:
            if lecture.status == "dropped" and lecture.date is None:
                scheduled.append(ScheduledLecture(lecture, None, None, None))
                continue
            date = lecture.date
            if date is None:
                date = next((slot for slot in slots if cursor is None or slot > cursor), None)
            if date is not None:
                cursor = date
            meeting = _meeting_on(date, lecture_meetings)
            term_start = meetings.term.start if meetings.term else None
            scheduled.append(ScheduledLecture(lecture, date, meeting, week_of(date, term_start)))
        return cls(meetings.term.start if meetings.term else None, tuple(scheduled))

    def week(self, date: dt.date | None) -> int | None:
        return week_of(date, self.term_start)


def week_of(date: dt.date | None, term_start: dt.date | None) -> int | None:
    """Teaching week (1-based, weeks start on the term start's weekday) of a date."""
    if date is None or term_start is None:
        return None
    return (date - term_start).days // 7 + 1


def _slots(syllabus: Syllabus, lecture_meetings: list[Meeting]) -> list[dt.date]:
    term = syllabus.meetings.term
    if term is None or not lecture_meetings:
        return []
    days = {WEEKDAYS.index(m.weekday) for m in lecture_meetings}
    closed = {item.date for item in syllabus.meetings.no_class}
    count = (term.end - term.start).days + 1
    dates = (term.start + dt.timedelta(days=offset) for offset in range(count))
    return [d for d in dates if d.weekday() in days and d not in closed]


def _meeting_on(date: dt.date | None, meetings: list[Meeting]) -> Meeting | None:
    if date is None:
        return None
    return next((m for m in meetings if WEEKDAYS.index(m.weekday) == date.weekday()), None)
