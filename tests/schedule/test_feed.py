"""The calendar feed, parsed back with icalendar and compared with the syllabus."""

from __future__ import annotations

import datetime as dt

import icalendar
from course_clock import COURSE, at, berlin

from syllabuild.schedule import visible_at
from syllabuild.pages.feed import calendar_feed
from syllabuild.syllabus import parse_syllabus

URLS = {"lectures/01-clocks.md": "lectures/01-clocks/", "lectures/02-daylight-saving.md": "lectures/02-daylight-saving/",
        "lectures/03-leap-seconds.md": "lectures/03-leap-seconds/", "schedule.md": "schedule/", "grading.md": "grading/"}
SITE = "https://courses.example.edu/time/"


def feed(syllabus, now=berlin(2024, 5, 1, 0, 0), site_url=SITE) -> icalendar.Calendar:
    data = calendar_feed(visible_at(syllabus, at(now)), stamp=now, site_url=site_url, page_urls=URLS)
    return icalendar.Calendar.from_ical(data)


def events(cal) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def test_every_lecture_tutorial_and_deadline_is_an_event(syllabus):
    summaries = sorted(str(event["SUMMARY"]) for event in feed(syllabus).walk("VEVENT"))
    assert summaries == sorted(
        [f"Time and Calendars: Lecture {n}: {title}" for n, title in
         [(1, "Clocks"), (2, "Daylight saving"), (3, "Leap seconds"), (4, "Calendars")]]
        + [f"Time and Calendars: Tutorial {n}" for n in range(1, 6)]
        + ["Time and Calendars: Homework 1 due", "Time and Calendars: Final exam"]
    )


def test_times_are_in_the_course_zone_with_its_definition(syllabus):
    cal = feed(syllabus)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    by_summary = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    lecture_2 = by_summary["Time and Calendars: Lecture 2: Daylight saving"]
    lecture_3 = by_summary["Time and Calendars: Lecture 3: Leap seconds"]
    assert lecture_2["DTSTART"].params["TZID"] == "Europe/Berlin"
    # 10:15 local on both sides of the change to summer time: 09:15 UTC, then 08:15 UTC.
    assert lecture_2.decoded("DTSTART").astimezone(dt.timezone.utc).hour == 9
    assert lecture_3.decoded("DTSTART").astimezone(dt.timezone.utc).hour == 8
    assert lecture_3.decoded("DTEND") == berlin(2024, 4, 8, 11, 45)
    assert by_summary["Time and Calendars: Homework 1 due"].decoded("DTSTART") == berlin(2024, 4, 2, 23, 59)


def test_events_carry_rooms_descriptions_and_links(syllabus):
    by_summary = {str(e["SUMMARY"]): e for e in feed(syllabus).walk("VEVENT")}
    lecture_1 = by_summary["Time and Calendars: Lecture 1: Clocks"]
    assert str(lecture_1["LOCATION"]) == "Hall A"
    assert "Why time zones exist." in str(lecture_1["DESCRIPTION"])
    assert str(lecture_1["URL"]) == SITE + "lectures/01-clocks/"
    assert SITE + "lectures/01-clocks/" in str(lecture_1["DESCRIPTION"])
    assert str(by_summary["Time and Calendars: Tutorial 3"]["LOCATION"]) == "Lab 2"


def test_uids_are_stable_when_dates_move_and_the_feed_is_rebuilt(syllabus):
    first = events(feed(syllabus, now=berlin(2024, 5, 1, 0, 0)))
    text = (COURSE / "syllabus.yaml").read_text()
    moved = parse_syllabus(text.replace("    title: Daylight saving\n", "    title: Daylight saving\n    date: 2024-03-26\n"))
    second = events(feed(moved, now=berlin(2024, 5, 2, 0, 0)))
    lecture_uids = {uid for uid in first if "-lecture-" in uid}
    assert len(lecture_uids) == 4
    assert lecture_uids <= set(second)
    assert len(first) == len(set(first)) == len(list(feed(syllabus).walk("VEVENT")))
    moved_uid = next(uid for uid in second if uid.endswith("-lecture-2@syllabuild"))
    # Not a lecture day, so no meeting gives it hours: an all-day event.
    assert second[moved_uid].decoded("DTSTART") == dt.date(2024, 3, 26)


def test_an_unreleased_lecture_is_in_the_feed_without_its_title_or_link(syllabus):
    cal = feed(syllabus, now=berlin(2024, 4, 1, 0, 0))
    lecture_3 = next(e for e in cal.walk("VEVENT") if str(e["UID"]).endswith("-lecture-3@syllabuild"))
    assert str(lecture_3["SUMMARY"]) == "Time and Calendars: Lecture 3"
    assert "DESCRIPTION" not in lecture_3 and "URL" not in lecture_3
    assert b"Leap seconds" not in calendar_feed(visible_at(syllabus, at(berlin(2024, 4, 1, 0, 0))), stamp=berlin(2024, 4, 1, 0, 0))


def test_two_builds_of_one_day_give_the_same_feed_and_the_next_day_a_newer_stamp(syllabus):
    # Nothing is released between 10:00 and 18:00 on 2 April: a subscriber's refresh sees the same bytes.
    morning = calendar_feed(visible_at(syllabus, at(berlin(2024, 4, 2, 10, 0))), stamp=berlin(2024, 4, 2, 10, 0))
    evening = calendar_feed(visible_at(syllabus, at(berlin(2024, 4, 2, 18, 0))), stamp=berlin(2024, 4, 2, 18, 0))
    assert morning == evening
    next_day = icalendar.Calendar.from_ical(
        calendar_feed(visible_at(syllabus, at(berlin(2024, 4, 3, 10, 0))), stamp=berlin(2024, 4, 3, 10, 0)))
    stamps = {event.decoded("DTSTAMP") for event in next_day.walk("VEVENT")}
    assert stamps == {dt.datetime(2024, 4, 3, tzinfo=dt.timezone.utc)}
