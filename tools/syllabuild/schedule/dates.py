"""Dates of the course computed from the term, the weekly meetings and the no-class dates.

An explicit `date:` on a lecture wins; every later lecture without one takes the next free
lecture slot after it, so moving or cancelling one lecture is one edit. A lecture meets at the
lecture meeting of its weekday, or at the named meeting it picks with `meeting:` (whose days are
then its slots), and its own `start:`, `end:` and `room:` win over the meeting's. Tutorials, labs
and the other non-lecture meetings happen every week of the term except on no-class dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from syllabuild.syllabus.model import Lecture, Meeting, Syllabus

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class ScheduledLecture:
    lecture: Lecture
    date: dt.date | None
    meeting: Meeting | None
    """The weekly meeting the lecture is held at (the default of its time and room), if any."""
    week: int | None
    start: dt.time | None = None
    """When it starts: its own `start:`, else its meeting's; None for a lecture without hours."""
    end: dt.time | None = None
    room: str | dict[str, str] | None = None
    """Its own `room:`, else its meeting's."""


@dataclass(frozen=True)
class Session:
    """One dated tutorial, lab, recitation or seminar."""

    meeting: Meeting
    date: dt.date
    week: int | None
    number: int
    """1-based count among the sessions of its weekly meeting."""

    @property
    def kind(self) -> str:
        return self.meeting.kind


@dataclass(frozen=True)
class CourseCalendar:
    """Dates of the course derived once from the syllabus."""

    term_start: dt.date | None
    lectures: tuple[ScheduledLecture, ...]
    sessions: tuple[Session, ...] = ()
    """Non-lecture meetings, in date order."""
    timezone: str = "UTC"

    @classmethod
    def from_syllabus(cls, syllabus: Syllabus) -> "CourseCalendar":
        meetings = syllabus.meetings
        term_start = meetings.term.start if meetings.term else None
        lecture_meetings = [m for m in meetings.weekly if m.kind == "lecture"]
        regular = _regular(lecture_meetings)
        days = _term_days(syllabus)
        scheduled = []
        cursor: dt.date | None = None
        for lecture in syllabus.lectures:
            if lecture.status == "dropped" and lecture.date is None:
                scheduled.append(ScheduledLecture(lecture, None, None, None))
                continue
            picked = [m for m in lecture_meetings if m.name == lecture.meeting] if lecture.meeting else []
            pattern = {WEEKDAYS.index(m.weekday): m for m in picked} if lecture.meeting else regular
            date = lecture.date
            if date is None:
                date = next((d for d in days if d.weekday() in pattern and (cursor is None or d > cursor)), None)
            if date is not None:
                cursor = date
            # A picked meeting keeps its hours on a date moved off its weekday; an unpicked lecture has none then.
            meeting = pattern.get(date.weekday(), picked[0] if picked else None) if date else None
            scheduled.append(_scheduled(lecture, date, meeting, week_of(date, term_start)))
        return cls(term_start, tuple(scheduled), _sessions(syllabus), meetings.timezone)

    @property
    def dated(self) -> bool:
        """Whether anything of the course has a date: a term, a dated lecture or a session."""
        return self.term_start is not None or bool(self.sessions) or any(e.date for e in self.lectures)

    def week(self, date: dt.date | None) -> int | None:
        return week_of(date, self.term_start)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def at(self, date: dt.date, time: dt.time) -> dt.datetime:
        """The moment `time` on `date` in the course time zone."""
        return dt.datetime.combine(date, time, tzinfo=self.zone)

    def aware(self, moment: dt.datetime) -> dt.datetime:
        """`moment` with the course time zone when the syllabus gave it without one."""
        return moment.replace(tzinfo=self.zone) if moment.tzinfo is None else moment

    def week_starts(self, end: dt.date | None = None) -> list[tuple[int, dt.datetime]]:
        """(week, local midnight of its first day) for every week of the term.

        Given as moments rather than a start and a length, so that the week that crosses a
        daylight-saving change still begins at local midnight.
        """
        if self.term_start is None:
            return []
        last = end or self.term_start
        count = (last - self.term_start).days // 7 + 1
        return [(week + 1, self.at(self.term_start + dt.timedelta(weeks=week), dt.time(0))) for week in range(count)]


def week_of(date: dt.date | None, term_start: dt.date | None) -> int | None:
    """Teaching week (1-based, weeks start on the term start's weekday) of a date; None before the term."""
    if date is None or term_start is None or date < term_start:
        return None  # a homework out before the term is in no teaching week, not in "week -2"
    return (date - term_start).days // 7 + 1


def course_zone(syllabus: Syllabus) -> ZoneInfo:
    return ZoneInfo(syllabus.meetings.timezone)


def _term_days(syllabus: Syllabus) -> list[dt.date]:
    term = syllabus.meetings.term
    if term is None:
        return []
    closed = {item.date for item in syllabus.meetings.no_class}
    count = (term.end - term.start).days + 1
    dates = (term.start + dt.timedelta(days=offset) for offset in range(count))
    return [d for d in dates if d not in closed]


def _regular(lecture_meetings: list[Meeting]) -> dict[int, Meeting]:
    """Weekday -> the meeting that a lecture picking none meets at: the weekday's lecture meeting without a name.

    A named meeting holds only the lectures that pick it (the syllabus allows one unnamed per weekday).
    """
    regular: dict[int, Meeting] = {}
    for meeting in lecture_meetings:
        if meeting.name is None:
            regular.setdefault(WEEKDAYS.index(meeting.weekday), meeting)
    return regular


def _scheduled(lecture: Lecture, date: dt.date | None, meeting: Meeting | None, week: int | None) -> ScheduledLecture:
    own = lecture.start is not None and lecture.end is not None
    start = lecture.start if own else (meeting.start if meeting else None)
    end = lecture.end if own else (meeting.end if meeting else None)
    room = lecture.room if lecture.room is not None else (meeting.room if meeting else None)
    return ScheduledLecture(lecture, date, meeting, week, start, end, room)


def _sessions(syllabus: Syllabus) -> tuple[Session, ...]:
    term_start = syllabus.meetings.term.start if syllabus.meetings.term else None
    found: list[Session] = []
    for meeting in syllabus.meetings.weekly:
        if meeting.kind == "lecture":
            continue
        day = WEEKDAYS.index(meeting.weekday)
        dates = [d for d in _term_days(syllabus) if d.weekday() == day]
        found += [Session(meeting, d, week_of(d, term_start), i + 1) for i, d in enumerate(dates)]
    return tuple(sorted(found, key=lambda s: (s.date, s.meeting.start)))
