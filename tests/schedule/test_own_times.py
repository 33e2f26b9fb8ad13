"""Lectures with hours of their own, and lectures that pick one of two meetings on the same weekday."""

from __future__ import annotations

import datetime as dt

from syllabuild.schedule import CourseCalendar
from syllabuild.syllabus import parse_syllabus

BLOCK = """\
course: {title: Block course}
meetings:
  term: {start: 2025-01-07, end: 2025-02-28}
  weekly:
    - {kind: lecture, weekday: tuesday, start: 1:30pm, end: 5pm, room: Hall 1}
    - {kind: lecture, weekday: tuesday, name: morning, start: 9:00, end: 12:30, room: Hall 2}
    - {kind: lecture, weekday: thursday, name: lab day, start: 10:00, end: 16:00, room: Lab}
lectures:
"""


def schedule(lectures: str) -> list[tuple]:
    calendar = CourseCalendar.from_syllabus(parse_syllabus(BLOCK + lectures))
    return [(e.lecture.number, e.date, e.start, e.end, e.room) for e in calendar.lectures]


def test_a_lecture_meets_at_the_unnamed_meeting_unless_it_picks_one():
    assert schedule("  - {title: A}\n  - {title: B, meeting: morning}\n  - {title: C}\n") == [
        (1, dt.date(2025, 1, 7), dt.time(13, 30), dt.time(17), "Hall 1"),
        (2, dt.date(2025, 1, 14), dt.time(9), dt.time(12, 30), "Hall 2"),
        (3, dt.date(2025, 1, 21), dt.time(13, 30), dt.time(17), "Hall 1"),
    ]


def test_a_named_meeting_holds_only_the_lectures_that_pick_it():
    # Thursday's only meeting has a name: lectures that do not pick it never land on a Thursday.
    found = schedule("  - {title: A}\n  - {title: B, meeting: lab day}\n  - {title: C}\n")
    assert [(number, date.strftime("%a %d %b")) for number, date, *_ in found] == [
        (1, "Tue 07 Jan"), (2, "Thu 09 Jan"), (3, "Tue 14 Jan"),
    ]


def test_own_hours_and_room_win_over_the_meeting_and_keep_its_date():
    assert schedule("  - {title: A}\n  - {title: B, start: 2pm, end: '18:00', room: Hall 3}\n") == [
        (1, dt.date(2025, 1, 7), dt.time(13, 30), dt.time(17), "Hall 1"),
        (2, dt.date(2025, 1, 14), dt.time(14), dt.time(18), "Hall 3"),
    ]


def test_a_lecture_moved_off_its_weekday_keeps_the_hours_it_picked_or_its_own():
    found = schedule(
        "  - {title: A, date: 2025-01-08, meeting: morning}\n"
        "  - {title: B, date: 2025-01-10}\n"
        "  - {title: C, date: 2025-01-11, start: 10am, end: 1pm}\n"
    )
    assert found == [
        (1, dt.date(2025, 1, 8), dt.time(9), dt.time(12, 30), "Hall 2"),
        (2, dt.date(2025, 1, 10), None, None, None),  # a Friday, no meeting: a whole-day event
        (3, dt.date(2025, 1, 11), dt.time(10), dt.time(13), None),
    ]


def test_a_lecture_not_yet_released_keeps_the_slot_and_hours_it_picked():
    from syllabuild.schedule import visible_at
    from syllabuild.schedule.release import ReleasePolicy

    syllabus = parse_syllabus(BLOCK + "  - {title: A}\n  - {title: B, meeting: lab day, release: 2025-01-09T08:00}\n  - {title: C}\n")
    before = ReleasePolicy(dt.datetime(2025, 1, 8, 12, 0, tzinfo=dt.timezone.utc), dt.timezone.utc)
    shown = CourseCalendar.from_syllabus(visible_at(syllabus, before)).lectures
    assert shown[1].lecture.status == "draft" and shown[1].lecture.title == "Lecture 2"
    assert [(e.date, e.start) for e in shown] == [
        (e.date, e.start) for e in CourseCalendar.from_syllabus(syllabus).lectures
    ] == [(dt.date(2025, 1, 7), dt.time(13, 30)), (dt.date(2025, 1, 9), dt.time(10)), (dt.date(2025, 1, 14), dt.time(13, 30))]
