"""Rolling syllabus.yaml forward: every date N weeks later on its weekday, the rest of the file as written."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import pytest
from syllabuild.schedule import CourseCalendar
from syllabuild.syllabus import SyllabusError, parse_syllabus
from syllabuild.syllabus.model import NoClass
from syllabuild.terms.roll import (
    RolledTerm,
    TermRequest,
    TermRequestError,
    roll_forward,
)
from syllabuild.terms.summary import summary_lines

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "syllabus.yaml"
COURSE = ROOT / "tests" / "fixtures" / "term_course"
GOLDEN = Path(__file__).resolve().parent / "golden"
YEAR = dt.timedelta(weeks=52)


@pytest.fixture(scope="module")
def sample() -> tuple[str, RolledTerm]:
    text = SAMPLE.read_text(encoding="utf-8")
    return text, roll_forward(text, TermRequest(dt.date(2024, 12, 31)))


def test_the_sample_moves_52_weeks_and_every_date_keeps_its_weekday(sample):
    _, rolled = sample
    before, after = rolled.before, rolled.after
    assert rolled.weeks == 52
    assert (after.meetings.term.start, after.meetings.term.end) == (dt.date(2024, 12, 31), dt.date(2025, 3, 25))
    moments = [(a.release, b.release) for a, b in zip(before.assignments, after.assignments)]
    moments += [(a.due, b.due) for a, b in zip(before.assignments, after.assignments)]
    moments += [(a.release, b.release) for a, b in zip(before.lectures, after.lectures)]
    moments = [(old, new) for old, new in moments if old is not None]
    assert len(moments) == 11  # 4 homework releases, 6 deadlines, lecture 3's page
    for old, new in moments:
        assert new == old + YEAR and new.weekday() == old.weekday()


def test_computed_lecture_dates_follow_the_meetings_into_the_new_term(sample):
    """With the old days off moved too, every computed lecture is exactly 52 weeks later; without them
    (cleared for re-entry) each still falls on its meeting's weekday."""
    _, rolled = sample
    old = [entry.date for entry in CourseCalendar.from_syllabus(rolled.before).lectures]
    moved_days_off = [NoClass(date=d.date + YEAR, reason=d.reason) for d in rolled.before.meetings.no_class]
    meetings = rolled.after.meetings.model_copy(update={"no_class": moved_days_off})
    again = CourseCalendar.from_syllabus(rolled.after.model_copy(update={"meetings": meetings}))
    assert [entry.date for entry in again.lectures] == [d + YEAR if d else None for d in old]
    cleared = CourseCalendar.from_syllabus(rolled.after).lectures
    assert {entry.date.weekday() for entry in cleared if entry.date} == {dt.date(2024, 1, 2).weekday()}
    assert cleared[0].date == dt.date(2024, 12, 31)


def test_recordings_announcements_and_days_off_are_cleared(sample):
    _, rolled = sample
    assert rolled.before.course.announcements and any(lecture.recordings for lecture in rolled.before.lectures)
    assert rolled.after.course.announcements == []
    assert all(lecture.recordings == [] for lecture in rolled.after.lectures)
    assert rolled.after.meetings.no_class == []
    assert rolled.recordings == ((1, 1), (2, 1)) and rolled.announcements == 1


def test_the_name_moves_its_year_in_both_languages(sample):
    _, rolled = sample
    assert rolled.after.course.term == {"en": "Winter 2025", "he": "סמסטר חורף 2025"}
    assert rolled.name.derived == ("en", "he")


def test_the_diff_touches_only_dates_the_name_and_what_was_cleared(sample):
    text, rolled = sample
    old_lines, new_lines = text.splitlines(), rolled.text.splitlines()
    cleared = set()
    for number, line in enumerate(old_lines):
        if re.match(r"^\s*(recordings|announcements|no_class):\s*$", line):
            cleared |= set(_block(old_lines, number))
    removed, added = set(), []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag != "equal":
            removed |= set(range(i1, i2))
            added += new_lines[j1:j2]
    redated = {number for number, line in enumerate(old_lines) if re.search(r"\b2024-\d\d-\d\d", line)}
    renamed = {old_lines.index("  term: {en: Winter 2024, he: סמסטר חורף 2024}")}
    assert removed - cleared == (redated | renamed) - cleared
    # What came in: the same lines with new dates and name, the emptied lists, and the old days off as a comment.
    kept_shape = {re.sub(r"\d{4}-\d\d-\d\d|\d{4}", "D", old_lines[n]) for n in removed - cleared}
    for line in added:
        assert (re.sub(r"\d{4}-\d\d-\d\d|\d{4}", "D", line) in kept_shape
                or line.strip() in ("announcements: []", "no_class: []") or line.lstrip().startswith("# ")), line
    assert "  # Days off in Winter 2024, for reference (cleared by `syllabuild term new`; add the new term's):" in added
    # Comments outside what was cleared are all still there.
    comments = [line for n, line in enumerate(old_lines) if "#" in line and n not in cleared and "# " in line]
    assert all(re.sub(r"\d{4}-\d\d-\d\d", "D", line) in {re.sub(r"\d{4}-\d\d-\d\d", "D", new) for new in new_lines}
               for line in comments)


def _block(lines: list[str], start: int) -> range:
    """Line `start` (a key) and the lines indented deeper than it that follow."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    return range(start, end)


def test_the_test_course_rolls_to_its_golden_file_and_summary():
    """Block and flow style, quoted and unquoted moments, a date without leading zeros, a moment with an
    offset, a "not yet" release, a name with two years: the whole file and the summary are golden."""
    rolled = roll_forward((COURSE / "syllabus.yaml").read_text(encoding="utf-8"), TermRequest(dt.date(2025, 10, 13)))
    assert rolled.text == (GOLDEN / "term_course.rolled.yaml").read_text(encoding="utf-8")
    assert summary_lines(rolled) == (GOLDEN / "term_course.summary.txt").read_text(encoding="utf-8").splitlines()
    assert [m.old for m in rolled.kept] == ["2999-01-01"]


def test_a_start_on_another_weekday_moves_to_the_first_matching_day_in_the_new_term():
    text = (COURSE / "syllabus.yaml").read_text(encoding="utf-8")
    rolled = roll_forward(text, TermRequest(dt.date(2025, 10, 15)))  # a Wednesday; the old term began on a Monday
    assert rolled.weeks == 53
    lecture = rolled.after.lectures[2]
    assert lecture.date == dt.date(2025, 10, 29) and lecture.date.weekday() == dt.date(2024, 10, 23).weekday()
    assert rolled.after.meetings.term.start == dt.date(2025, 10, 15)
    assert rolled.after.meetings.term.end == dt.date(2026, 2, 11)  # the old end, 53 weeks later
    assert ("  weekdays: the new term starts on a Wednesday, the old one on a Monday; dates keep their weekdays "
            "(teaching weeks now begin on Wednesdays)") in summary_lines(rolled)


def test_rolling_twice_replaces_the_list_of_old_days_off_instead_of_stacking_it():
    text = (COURSE / "syllabus.yaml").read_text(encoding="utf-8")
    once = roll_forward(text, TermRequest(dt.date(2025, 10, 13)))
    with_days = once.text.replace("  no_class: []", "  no_class:\n    - {date: 2025-12-25, reason: Christmas}")
    twice = roll_forward(with_days, TermRequest(dt.date(2026, 10, 12)))
    assert twice.text.count("# Days off in") == 1
    assert "  # Days off in Fall 2025/26, for reference (cleared by `syllabuild term new`; add the new term's):\n" \
           "  #   2025-12-25  Christmas\n  no_class: []\n" in twice.text
    assert twice.after.course.term == {"en": "Fall 2026/27", "he": "סמסטר חורף 2026/27"}


BILINGUAL = """\
course:
  title: Deep Learning
  term: {en: Winter 2024, he: סמסטר חורף}
  languages: [en, he]
meetings:
  term: {start: 2024-01-02, end: 2024-03-26}
"""


@pytest.mark.parametrize(("names", "expected"), [
    (("he=סמסטר חורף תשפ״ה",), {"en": "Winter 2025", "he": "סמסטר חורף תשפ״ה"}),
    (("Winter 2025", "he=חורף 2025"), {"en": "Winter 2025", "he": "חורף 2025"}),
    (("en=Winter 2025", "he=חורף 2025"), {"en": "Winter 2025", "he": "חורף 2025"}),
])
def test_a_name_per_language(names, expected):
    rolled = roll_forward(BILINGUAL, TermRequest(dt.date(2024, 12, 31), names=names))
    assert rolled.after.course.term == expected
    assert rolled.name.derived == (("en",) if "Winter 2025" not in " ".join(names) else ())


def test_a_name_that_cannot_be_told_is_asked_for():
    with pytest.raises(TermRequestError) as caught:
        roll_forward(BILINGUAL, TermRequest(dt.date(2024, 12, 31)))
    assert caught.value.lines == ['--term: cannot tell the he name of the new term from "סמסטר חורף" '
                                  '(it has no year to move); give it with --term he="…"']


def test_half_a_year_later_the_name_is_asked_for():
    plain = BILINGUAL.replace("{en: Winter 2024, he: סמסטר חורף}", "Winter 2024").replace("[en, he]", "[en]")
    with pytest.raises(TermRequestError) as caught:
        roll_forward(plain, TermRequest(dt.date(2024, 7, 2)))
    assert caught.value.lines == ['--term: cannot tell the name of the new term from "Winter 2024" '
                                  '(the dates move less than half a year); give it with --term "…"']
    rolled = roll_forward(plain, TermRequest(dt.date(2024, 7, 2), names=("Summer 2024",)))
    assert "  term: Summer 2024\n" in rolled.text and rolled.weeks == 26


@pytest.mark.parametrize(("course", "expected"), [
    ("course:\n  title: Deep Learning\n  code: '046211'\n", "course:\n  title: Deep Learning\n  term: 'Winter: 2025'\n  code: '046211'\n"),
    ("course: {title: Deep Learning}\n", "course: {title: Deep Learning, term: 'Winter: 2025'}\n"),
])
def test_a_course_without_a_name_gets_the_one_given_after_its_title(course, expected):
    text = course + "meetings:\n  term: {start: 2024-01-02, end: 2024-03-26}\n"
    rolled = roll_forward(text, TermRequest(dt.date(2024, 12, 31), names=("Winter: 2025",)))
    assert rolled.text.startswith(expected.replace("'Winter: 2025'", '"Winter: 2025"'))
    assert rolled.after.course.term == "Winter: 2025"
    assert roll_forward(text, TermRequest(dt.date(2024, 12, 31))).after.course.term is None


def test_a_moment_whose_written_offset_no_longer_fits_the_time_zone_is_listed():
    text = """\
course: {title: Deep Learning, term: Spring 2024}
meetings:
  timezone: Europe/Berlin
  term: {start: 2024-03-04, end: 2024-06-28}
assignments:
  - {id: hw1, kind: homework, title: HW1, release: "2024-03-24T12:00+01:00", due: 2024-04-08T23:59}
"""
    rolled = roll_forward(text, TermRequest(dt.date(2025, 3, 5)))  # a Wednesday: 53 weeks, to Sunday 30 March, summer time
    assert '"2025-03-30T12:00+01:00"' in rolled.text
    [check] = rolled.offsets
    assert check.local == dt.datetime(2025, 3, 30, 13, 0)
    assert ("  - assignments[0].release (syllabus.yaml:6): 2025-03-30T12:00+01:00 is Sun 30 Mar 2025, 13:00 in "
            "Europe/Berlin, whose offset differs on the new date; check the offset") in summary_lines(rolled)


@pytest.mark.parametrize(("request_", "expected"), [
    (TermRequest(dt.date(2023, 12, 1)), ["--start: expected a day after the current term's start (Tue 2 Jan 2024), got 2023-12-01"]),
    (TermRequest(dt.date(2025, 1, 7), end=dt.date(2025, 1, 6)),
     ["--end: expected a day on or after --start (2025-01-07), got 2025-01-06"]),
    (TermRequest(dt.date(2025, 1, 7), names=("he=x", "he=y")), ['--term he=: given twice ("x" and "y")']),
    (TermRequest(dt.date(2025, 1, 7), names=("  ",)), ['--term: expected the new term\'s name, like "Winter 2025", got an empty one']),
])
def test_requests_that_do_not_fit_say_why(request_, expected):
    with pytest.raises(TermRequestError) as caught:
        roll_forward(BILINGUAL.replace("סמסטר חורף}", "סמסטר חורף 2024}"), request_)
    assert caught.value.lines == expected


def test_a_syllabus_with_problems_or_without_term_dates_is_refused():
    with pytest.raises(SyllabusError) as caught:
        roll_forward(BILINGUAL.replace("2024-03-26", "2024-02-30"), TermRequest(dt.date(2024, 12, 31)))
    assert caught.value.lines() == ['syllabus.yaml:6:34: meetings.term.end: impossible date "2024-02-30" '
                                    "(day is out of range for month)"]
    with pytest.raises(SyllabusError) as caught:
        roll_forward("course: {title: Deep Learning}\nmeetings: {timezone: UTC}\n", TermRequest(dt.date(2024, 12, 31)))
    assert caught.value.lines() == ["syllabus.yaml:2:1: meetings.term: expected the term's dates, like "
                                    "{start: 2024-10-20, end: 2025-01-24}, to roll forward from; the syllabus gives none"]


def test_the_rolled_sample_validates_as_written(sample):
    _, rolled = sample
    assert parse_syllabus(rolled.text, root=ROOT).meetings.term.start == dt.date(2024, 12, 31)


@pytest.mark.parametrize("path", ["minimal_course/syllabus.yaml", "bilingual_course/syllabus.yaml", "block_course/syllabus.yaml",
                                  "dst_course/syllabus.yaml", "new_entries/flow.before.yaml", "new_entries/spaced.before.yaml"])
def test_every_fixture_course_rolls_a_year_into_a_valid_syllabus_with_its_comments(path: str):
    text = (ROOT / "tests" / "fixtures" / path).read_text(encoding="utf-8")
    start = parse_syllabus(text).meetings.term.start + YEAR
    rolled = roll_forward(text, TermRequest(start, names=("Next term",)))
    assert rolled.weeks == 52
    for old, new in zip(rolled.before.assignments, rolled.after.assignments):
        assert (new.release, new.due) == tuple(m + YEAR if m else None for m in (old.release, old.due))
    term = rolled.after.course.term
    assert (term["en"] if isinstance(term, dict) else term) == "Next term"
    # Every comment outside the cleared days off and recordings is still there.
    lines = text.splitlines()
    cleared = {inside for n, line in enumerate(lines) if re.match(r"^\s*(no_class|recordings):", line)
               for inside in _block(lines, n)}
    comments = [line.split("#", 1)[1] for n, line in enumerate(lines)
                if (" #" in line or line.lstrip().startswith("#")) and n not in cleared]
    assert all(comment in rolled.text for comment in comments)
