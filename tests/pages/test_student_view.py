"""What a student sees: navigation on the home page, lists that fit a phone, recording states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
from syllabuild.pages import SiteContext, render_site
from syllabuild.syllabus import parse_syllabus

COURSE = """\
course: {title: Vision}
meetings:
  term: {start: 2025-03-03, end: 2025-04-30}
  weekly: [{kind: lecture, weekday: Mon, start: 10:15, end: 11:45, room: Hall A, staff: [Ada Lovelace]}]
staff:
  - {name: Ada Lovelace, role: lecturer, email: ada.lovelace.of.the.analytical.engine@example.edu, office_hours: Mon 12:00}
grading:
  schemes:
    - name: Standard
      components:
        - {name: Homework, weight: 40, conditions: [must pass the final exam, at least 4 of 5 submitted]}
        - {name: Exam, weight: 60}
assignments:
  - {id: hw1, title: Homework 1, kind: homework, due: 2025-03-20T23:59, weight: 10}
lectures:
  - title: Filters
    summary: Edges, **blurs** and the Fourier view.
    recordings:
      - mirrors: [https://video.example.org/1]
        captions: https://video.example.org/1.vtt
        transcript: transcripts/01.md
  - title: Features
    summary: Corners and descriptors.
  - title: Cameras
"""


def pages_of(text: str = COURSE, now: dt.datetime | None = None) -> dict[str, str]:
    context = SiteContext(project_dir=Path("."), now=now)
    return {page.path: page.markdown for page in render_site(parse_syllabus(text), context)}


def html(md: str) -> str:
    return markdown.markdown(md.split("\n---\n", 1)[1], extensions=["tables", "md_in_html", "attr_list"])


def test_the_home_page_keeps_the_navigation():
    home = pages_of()["index.md"]
    front_matter = home.split("\n---\n", 1)[0]
    assert "hide" not in front_matter and "navigation" not in front_matter


def test_no_page_a_student_reads_on_a_phone_is_a_wide_table():
    pages = pages_of()
    for path in ("index.md", "lectures/index.md", "grading.md"):
        assert "<table" not in html(pages[path]), path


def test_the_lectures_index_lists_each_lecture_with_its_date_and_summary():
    index = html(pages_of()["lectures/index.md"])
    assert '<a href="01-filters.md">Filters</a>' in index and "Mon 3 Mar" in index
    assert "Edges, <strong>blurs</strong> and the Fourier view." in index
    assert "Corners and descriptors." in index and "Mon 10 Mar" in index


def test_grading_shows_every_condition_and_the_home_page_every_meeting_and_contact():
    pages = pages_of()
    grading = html(pages["grading.md"])
    assert "Conditions: must pass the final exam; at least 4 of 5 submitted" in grading
    assert "Homework 1</a></strong> — Homework · Due: Thu 20 Mar 2025, 23:59 · Weight: 10%" in grading
    home = html(pages["index.md"])
    assert "Monday, 10:15–11:45 · Hall A · With Ada Lovelace" in home
    assert "mailto:ada.lovelace.of.the.analytical.engine@example.edu" in home and "Office hours: Mon 12:00" in home


def test_a_recording_links_its_captions_and_transcript():
    page = pages_of()["lectures/01-filters.md"]
    assert "[watch](https://video.example.org/1) · [captions](https://video.example.org/1.vtt) · [transcript](../transcripts/01.md)" in page


def test_a_lecture_that_took_place_without_a_recording_says_one_will_be_posted():
    after = pages_of(now=dt.datetime(2025, 3, 11, 9, 0))
    assert "*Recording will be posted*" in after["lectures/02-features.md"]
    assert "Recording will be posted" not in after["lectures/03-cameras.md"]  # 17 Mar: not yet
    assert "Recording will be posted" not in after["lectures/01-filters.md"]  # it has its recording
    before = pages_of(now=dt.datetime(2025, 3, 1))
    assert all("Recording will be posted" not in text for text in before.values())


def test_a_course_that_never_records_promises_no_recordings():
    unrecorded = COURSE.replace("    recordings:\n      - mirrors: [https://video.example.org/1]\n"
                                "        captions: https://video.example.org/1.vtt\n"
                                "        transcript: transcripts/01.md\n", "")
    pages = pages_of(unrecorded, now=dt.datetime(2025, 6, 1))
    assert all("Recording will be posted" not in text for text in pages.values())


def test_the_hebrew_edition_says_it_in_hebrew():
    context = SiteContext(project_dir=Path("."), now=dt.datetime(2025, 3, 11), lang="he")
    pages = {p.path: p.markdown for p in render_site(parse_syllabus(COURSE), context)}
    assert "ההקלטה תפורסם בהמשך" in pages["lectures/02-features.md"]
    assert "[כתוביות](https://video.example.org/1.vtt) · [תמליל](../transcripts/01.md)" in pages["lectures/01-filters.md"]
