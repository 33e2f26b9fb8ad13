"""Computed dates: lectures and tutorials from the weekly meetings, holidays, daylight saving."""

from __future__ import annotations

import datetime as dt

from course_clock import COURSE, berlin

from syllabuild.pages import SiteContext, render_site
from syllabuild.schedule import CourseCalendar
from syllabuild.syllabus import parse_syllabus


def test_lectures_take_mondays_and_skip_the_holiday(syllabus):
    calendar = CourseCalendar.from_syllabus(syllabus)
    dates = {e.lecture.number: e.date for e in calendar.lectures}
    # Easter Monday (1 April) is a holiday: lecture 3 moves to the next Monday, lecture 4 follows.
    assert dates == {1: dt.date(2024, 3, 18), 2: dt.date(2024, 3, 25), 3: dt.date(2024, 4, 8), 4: dt.date(2024, 4, 15)}


def test_tutorials_are_dated_every_week_except_no_class_days(syllabus):
    calendar = CourseCalendar.from_syllabus(syllabus)
    tutorials = [(s.number, s.date, s.week) for s in calendar.sessions if s.kind == "tutorial"]
    assert tutorials == [
        (1, dt.date(2024, 3, 20), 1),
        (2, dt.date(2024, 3, 27), 2),
        (3, dt.date(2024, 4, 10), 4),  # 3 April: Easter week
        (4, dt.date(2024, 4, 17), 5),
        (5, dt.date(2024, 4, 24), 6),
    ]


def test_lecture_hours_keep_local_time_across_the_change_to_summer_time(syllabus):
    calendar = CourseCalendar.from_syllabus(syllabus)
    starts = [calendar.at(e.date, e.meeting.start) for e in calendar.lectures]
    assert all(start.strftime("%H:%M") == "10:15" for start in starts)
    offsets = [start.utcoffset() for start in starts]
    assert offsets == [dt.timedelta(hours=1)] * 2 + [dt.timedelta(hours=2)] * 2


def test_the_week_after_the_change_starts_at_local_midnight(syllabus):
    calendar = CourseCalendar.from_syllabus(syllabus)
    weeks = dict(calendar.week_starts(syllabus.meetings.term.end))
    assert weeks[3] == berlin(2024, 4, 1, 0, 0)
    # Only 167 hours after week 2 began: a week counted in fixed hours would start an hour late.
    utc = dt.timezone.utc
    assert weeks[3].astimezone(utc) - weeks[2].astimezone(utc) == dt.timedelta(hours=167)
    assert weeks[3].utcoffset() == dt.timedelta(hours=2)


def test_the_schedule_lists_tutorials_with_time_and_room(syllabus):
    pages = {p.path: p.markdown for p in render_site(syllabus, SiteContext(project_dir=COURSE))}
    schedule = pages["schedule.md"]
    assert "| 1 | Wed 20 Mar | Tutorial 1 | 14:00–15:30, Lab 2 |" in schedule
    assert "| 3 | Wed 3 Apr | No class | Easter week |" in schedule
    assert "Tutorial" not in [line for line in schedule.splitlines() if "3 Apr" in line][0]


def test_an_explicit_date_moves_later_lectures(syllabus):
    text = (COURSE / "syllabus.yaml").read_text()
    moved = parse_syllabus(text.replace("    title: Daylight saving\n", "    title: Daylight saving\n    date: 2024-04-08\n"))
    dates = {e.lecture.number: e.date for e in CourseCalendar.from_syllabus(moved).lectures}
    assert dates[2] == dt.date(2024, 4, 8)
    assert dates[3] == dt.date(2024, 4, 15)
    assert dates[4] == dt.date(2024, 4, 22)
