"""What staff write where it costs nothing to understand them, and what syllabuild reads it as."""

from __future__ import annotations

import datetime as dt

import pytest
from syllabuild.syllabus import SyllabusError, parse_syllabus
from syllabuild.syllabus.model import Citation, Reference


def test_lecture_numbers_left_out_count_on_from_the_lecture_before():
    syllabus = parse_syllabus(
        "course: {title: X}\nlectures:\n"
        "  - {title: A}\n  - {title: B}\n  - {number: 7, title: C}\n  - {title: D}\n"
    )
    assert [lecture.number for lecture in syllabus.lectures] == [1, 2, 7, 8]


@pytest.mark.parametrize(("written", "read"), [
    ("2pm", dt.time(14)), ("2:30 pm", dt.time(14, 30)), ("11 a.m.", dt.time(11)), ("12am", dt.time(0)),
    ("12pm", dt.time(12)), ("9:30", dt.time(9, 30)), ("14:00", dt.time(14)), ('"09:05"', dt.time(9, 5)),
])
def test_times_are_read_as_people_write_them(written, read):
    syllabus = parse_syllabus(
        f"course: {{title: X}}\nmeetings:\n  weekly: [{{kind: lecture, weekday: monday, start: {written}, end: '23:59'}}]\n"
    )
    assert syllabus.meetings.weekly[0].start == read


@pytest.mark.parametrize("written", ["Mon", "mon", "Monday", "MONDAY", "monday"])
def test_weekdays_may_be_short_or_capitalised(written):
    syllabus = parse_syllabus(
        f"course: {{title: X}}\nmeetings:\n  weekly: [{{kind: lecture, weekday: {written}, start: '10:00', end: '11:00'}}]\n"
    )
    assert syllabus.meetings.weekly[0].weekday == "monday"


def test_a_reading_may_be_a_title_and_a_bibliography_entry_a_short_name():
    syllabus = parse_syllabus(
        "course: {title: X}\nbibliography:\n  UDL: Understanding Deep Learning\nlectures:\n"
        "  - title: A\n    readings:\n      - The lecture's own notes\n      - {cite: UDL, label: Motivation, locator: Chapter 1}\n"
        "      - {type: book, title: Deep Learning, locator: Chapter 6, label: Background}\n"
    )
    title, cited, full = syllabus.lectures[0].readings
    assert isinstance(title, Reference) and (title.title, title.type) == ("The lecture's own notes", None)
    assert syllabus.bibliography["UDL"].title == "Understanding Deep Learning"
    assert isinstance(cited, Citation) and (cited.label, cited.locator) == ("Motivation", "Chapter 1")
    assert (full.label, full.locator) == ("Background", "Chapter 6")


def test_notes_are_a_markdown_file_to_include_or_a_link():
    syllabus = parse_syllabus(
        "course: {title: X}\nlectures:\n"
        "  - {title: A, notes: lectures/01-a.md}\n"
        "  - {title: B, notes: notes/b.pdf}\n"
        "  - {title: C, notes: 'https://notes.example.org/c'}\n"
        "  - {title: D, notes: {url: notes/d.pdf, label: Scribe notes}}\n"
    )
    a, b, c, d = syllabus.lectures
    assert (a.notes, a.notes_link) == ("lectures/01-a.md", None)
    assert (b.notes, b.notes_link.url) == (None, "notes/b.pdf")
    assert c.notes_link.url == "https://notes.example.org/c"
    assert (d.notes_link.url, d.notes_link.label) == ("notes/d.pdf", "Scribe notes")


def test_the_short_form_of_an_exercise_is_its_links():
    syllabus = parse_syllabus(
        "course: {title: X}\nlectures:\n  - title: A\n    exercises:\n"
        "      - title: Sheet 1\n        exercise: sheets/1.pdf\n        notebook: lectures/1.ipynb\n"
        "        solution: lectures/1-solution.ipynb\n        solution_release: 2025-03-10T12:00\n"
        "        links: ['https://data.example.org/1', {label: data overview, url: data.md, status: draft}]\n"
    )
    links = syllabus.lectures[0].exercises[0].materials
    assert [(link.kind, link.url) for link in links] == [
        ("exercise", "sheets/1.pdf"), ("notebook", "lectures/1.ipynb"), ("solution", "lectures/1-solution.ipynb"),
        ("other", "https://data.example.org/1"), ("other", "data.md"),
    ]
    assert links[2].release == dt.datetime(2025, 3, 10, 12, 0) and links[4].status == "draft"


def test_the_json_schema_names_notes_as_staff_write_it():
    from syllabuild.syllabus.model import Lecture

    properties = Lecture.model_json_schema()["properties"]
    assert "notes" in properties and "written_notes" not in properties


def test_a_lecture_cannot_be_given_the_internal_name_of_its_notes():
    with pytest.raises(SyllabusError, match=r"lectures\[0\].written_notes: unknown key 'written_notes'"):
        parse_syllabus("course: {title: X}\nlectures:\n  - {title: A, written_notes: a.md}\n")
