"""Valid syllabi, and the YAML pitfalls staff should never have to know about."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

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


def test_shipped_schema_is_current_and_accepts_the_sample():
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "schema", "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    schema = json.loads((ROOT / "tools/syllabuild/syllabus/syllabus.schema.json").read_text())
    sample = json.loads(json.dumps(yaml.safe_load((ROOT / "syllabus.yaml").read_text()), default=str))
    jsonschema.validate(sample, schema)
    first_line = (ROOT / "syllabus.yaml").read_text().splitlines()[0]
    assert "$schema=tools/syllabuild/syllabus/syllabus.schema.json" in first_line


def test_schema_rejects_what_the_model_rejects():
    schema = json.loads((ROOT / "tools/syllabuild/syllabus/syllabus.schema.json").read_text())
    bad = {"course": {"title": "X", "titel": "typo"}}
    validator = jsonschema.Draft202012Validator(schema)
    assert any("titel" in error.message for error in validator.iter_errors(bad))
