"""Release dates: what the site may show at a moment, decided on the model before rendering."""

from __future__ import annotations

import datetime as dt

import pytest
from course_clock import COURSE, at, berlin

from syllabuild.pages import SiteContext, render_site
from syllabuild.schedule import CourseCalendar, visible_at
from syllabuild.schedule.release import NowError, parse_now, release_policy


def pages_at(syllabus, now):
    shown = visible_at(syllabus, at(now))
    return {p.path: p.markdown for p in render_site(shown, SiteContext(project_dir=COURSE, now=now))}


def everything(pages) -> str:
    return "\n".join(pages.values())


def test_a_lecture_appears_exactly_at_its_release_moment(syllabus):
    before = pages_at(syllabus, berlin(2024, 4, 8, 7, 59))
    at = pages_at(syllabus, berlin(2024, 4, 8, 8, 0))
    assert "lectures/03-leap-seconds.md" not in before
    assert "Leap seconds" not in everything(before)
    assert "lectures/03-leap-seconds.md" in at
    assert "Leap seconds" in at["schedule.md"]


def test_an_unreleased_lecture_keeps_its_slot_and_hides_its_notes(syllabus):
    before = pages_at(syllabus, berlin(2024, 4, 1, 12, 0))
    assert "| 4 | Mon 8 Apr | Lecture 3 | *Details to come* |" in before["schedule.md"]
    assert "| 5 | Mon 15 Apr | Lecture 4 |" in before["schedule.md"]
    shown = visible_at(syllabus, at(berlin(2024, 4, 1, 12, 0)))
    assert [e.date for e in CourseCalendar.from_syllabus(shown).lectures] == [
        e.date for e in CourseCalendar.from_syllabus(syllabus).lectures
    ]


def test_recordings_and_solutions_wait_for_their_release(syllabus):
    lecture_1 = "lectures/01-clocks.md"
    first_evening = pages_at(syllabus, berlin(2024, 3, 18, 17, 59))[lecture_1]
    assert "video.example.org/1" not in first_evening
    assert "1-solution" not in first_evening
    after_recording = pages_at(syllabus, berlin(2024, 3, 18, 18, 0))[lecture_1]
    assert "video.example.org/1" in after_recording
    assert "1-solution" not in after_recording
    assert "1-solution" in pages_at(syllabus, berlin(2024, 3, 25, 10, 15))[lecture_1]


def test_a_slide_deck_waits_for_its_release_while_the_other_part_shows(syllabus):
    lecture_1 = "lectures/01-clocks.md"
    during = pages_at(syllabus, berlin(2024, 3, 18, 11, 59))[lecture_1]
    assert "slides.example.org/1-part-1.pdf" in during
    assert "slides.example.org/1-part-2.pdf" not in everything(pages_at(syllabus, berlin(2024, 3, 18, 11, 59)))
    after = pages_at(syllabus, berlin(2024, 3, 18, 12, 0))[lecture_1]
    assert "[Part 1](https://slides.example.org/1-part-1.pdf) · [Part 2](https://slides.example.org/1-part-2.pdf)" in after


def test_an_assignment_sheet_is_linked_only_once_released(syllabus):
    assert "sheets.example.org/hw1" not in everything(pages_at(syllabus, berlin(2024, 3, 18, 11, 59)))
    assert "sheets.example.org/hw1" in pages_at(syllabus, berlin(2024, 3, 18, 12, 0))["schedule.md"]


def test_the_same_instant_in_another_time_zone_gives_the_same_site(syllabus):
    utc = dt.datetime(2024, 4, 8, 6, 0, tzinfo=dt.timezone.utc)  # 08:00 in Berlin, summer time
    assert pages_at(syllabus, utc) == pages_at(syllabus, berlin(2024, 4, 8, 8, 0))
    assert "lectures/03-leap-seconds.md" not in pages_at(syllabus, utc - dt.timedelta(minutes=1))


def test_now_is_read_in_the_course_time_zone():
    assert parse_now("2024-04-08T08:00", berlin(2024, 1, 1).tzinfo) == berlin(2024, 4, 8, 8, 0)
    policy = release_policy("Europe/Berlin", environ={"SYLLABUILD_NOW": "2024-04-08"})
    assert (policy.now, policy.source) == (berlin(2024, 4, 8, 0, 0), "$SYLLABUILD_NOW")
    assert release_policy("Europe/Berlin", cli_now="2024-04-08T09:30+02:00", environ={}).now == berlin(2024, 4, 8, 9, 30)
    with pytest.raises(NowError, match='--now: expected a moment like 2024-03-01T12:00, got "next monday"'):
        release_policy("Europe/Berlin", cli_now="next monday", environ={})


def test_now_precedence_is_option_then_environment_then_mkdocs_yml_then_clock():
    clock = berlin(2030, 1, 1, 9, 0)
    everything = {"cli_now": "2024-04-01", "environ": {"SYLLABUILD_NOW": "2024-04-02"}, "settings_now": "2024-04-03"}
    assert release_policy("Europe/Berlin", **everything, clock=clock).now == berlin(2024, 4, 1, 0, 0)
    assert release_policy("Europe/Berlin", **{**everything, "cli_now": None}, clock=clock).now == berlin(2024, 4, 2, 0, 0)
    assert release_policy("Europe/Berlin", settings_now="2024-04-03", environ={}, clock=clock).source == "mkdocs.yml"
    assert release_policy("Europe/Berlin", environ={}, clock=clock).now == clock


def test_one_rule_decides_visibility_for_naive_aware_and_date_releases():
    policy = at(berlin(2024, 4, 8, 8, 0))
    assert policy.visible(None)
    assert policy.visible(dt.datetime(2024, 4, 8, 8, 0))  # naive: course time, the moment itself included
    assert not policy.visible(dt.datetime(2024, 4, 8, 8, 1))
    assert not policy.visible(dt.datetime(2024, 4, 8, 6, 1, tzinfo=dt.timezone.utc))
    assert policy.visible(dt.date(2024, 4, 8)) and not policy.visible(dt.date(2024, 4, 9))
