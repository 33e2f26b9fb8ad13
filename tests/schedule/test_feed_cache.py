"""The feed a build ships is kept between builds, and never outlives what it was made of."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
from course_clock import COURSE

from syllabuild.cli import main


def build(course: Path, now: str = "2024-05-01T00:00") -> icalendar.Calendar:
    assert main(["build", "-f", str(course / "mkdocs.yml"), "--strict", "--now", now]) == 0
    return icalendar.Calendar.from_ical((course / "site" / "calendar.ics").read_bytes())


def lecture_day(calendar: icalendar.Calendar, number: int) -> dt.date:
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).endswith(f"-lecture-{number}@syllabuild")]
    start = event.decoded("DTSTART")
    return start.date() if isinstance(start, dt.datetime) else start  # off its weekday it is a whole day


def test_an_edited_date_reaches_the_next_builds_feed_and_an_unchanged_course_gets_the_same_bytes(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    first = build(course)
    first_bytes = (course / "site" / "calendar.ics").read_bytes()
    assert list((course / ".cache" / "syllabuild" / "calendar").glob("*.ics")), "the feed is kept in the cache"

    again = build(course)
    assert (course / "site" / "calendar.ics").read_bytes() == first_bytes
    assert again.to_ical() == first.to_ical()

    syllabus = course / "syllabus.yaml"
    moved = (lecture_day(first, 1) + dt.timedelta(days=1)).isoformat()
    text = syllabus.read_text(encoding="utf-8")
    assert "number: 1\n" in text
    syllabus.write_text(text.replace("number: 1\n", f"number: 1\n    date: {moved}\n", 1), encoding="utf-8")

    edited = build(course)
    assert lecture_day(edited, 1).isoformat() == moved


def test_the_next_day_the_feed_is_made_again_with_that_days_stamp(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    today = build(course, "2024-05-01T12:00")
    tomorrow = build(course, "2024-05-02T12:00")

    stamps = {event.decoded("DTSTAMP").date().isoformat() for event in tomorrow.walk("VEVENT")}
    assert stamps == {"2024-05-02"}
    assert {event.decoded("DTSTAMP").date().isoformat() for event in today.walk("VEVENT")} == {"2024-05-01"}
