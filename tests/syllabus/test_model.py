"""Valid syllabi, and the YAML pitfalls staff should never have to know about (the JSON Schema: test_schema.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from syllabuild.syllabus import load_syllabus, parse_syllabus
from syllabuild.syllabus.model import Citation, Topic

ROOT = Path(__file__).resolve().parents[2]


def test_sample_course_loads_completely():
    syllabus = load_syllabus(ROOT / "syllabus.yaml", root=ROOT)
    assert syllabus.course.title == {"en": "Deep Learning", "he": "למידה עמוקה"}
    assert syllabus.course.languages == ["en", "he"]
    assert len(syllabus.lectures) == 13
    dropped = [lecture for lecture in syllabus.lectures if lecture.status == "dropped"]
    assert [lecture.number for lecture in dropped] == [11]
    assert syllabus.grading.schemes[0].name == {"en": "Standard", "he": "הרכב רגיל"}
    assert len(syllabus.grading.schemes) == 2
    assert syllabus.lectures[0].recordings[0].mirrors[1].url.endswith(".mp4")


def test_clock_times_and_codes_keep_their_meaning():
    syllabus = parse_syllabus(
        "course: {title: X, code: 046211}\n"
        "meetings:\n  weekly:\n    - {kind: lecture, weekday: monday, start: 10:30, end: 12:00}\n"
    )
    assert syllabus.course.code == "046211"
    assert syllabus.meetings.weekly[0].start == dt.time(10, 30)


def test_yaml11_words_stay_text():
    syllabus = parse_syllabus("course: {title: 'X', prerequisites: [no, yes, on]}\n")
    assert syllabus.course.prerequisites == ["no", "yes", "on"]


def test_shorthands_expand():
    syllabus = parse_syllabus(
        "course: {title: X}\nlectures:\n"
        "  - number: 1\n    title: A\n    slides: https://example.org/a.pdf\n"
        "    recordings: [https://v.example.org/1]\n"
        "    topics: [plain, {title: Nested, topics: [deeper]}]\n"
        "    readings: [{cite: K}]\nbibliography: {K: {type: book, title: T}}\n"
    )
    lecture = syllabus.lectures[0]
    assert lecture.slides[0].url == "https://example.org/a.pdf"
    assert lecture.recordings[0].mirrors[0].url == "https://v.example.org/1"
    assert isinstance(lecture.topics[1], Topic) and lecture.topics[1].topics == ["deeper"]
    assert isinstance(lecture.readings[0], Citation)


def test_text_may_be_given_per_language():
    syllabus = parse_syllabus("course:\n  title: {en: Deep Learning, he: למידה עמוקה}\n  languages: [en, he]\n")
    assert syllabus.course.title == {"en": "Deep Learning", "he": "למידה עמוקה"}


def test_merge_keys_work():
    syllabus = parse_syllabus(
        "course: {title: X}\nx-room: &room {kind: lecture, weekday: monday, start: '10:00', end: '11:00'}\n"
        .replace("x-room: &room", "meetings:\n  weekly:\n    - &room")
        + "    - {<<: *room, weekday: wednesday}\n"
    )
    assert [m.weekday for m in syllabus.meetings.weekly] == ["monday", "wednesday"]

