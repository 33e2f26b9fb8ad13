"""What the loader refuses before it reads on, and what the model makes of moments and paths.

The golden cases (`fixtures/invalid/`) hold the messages; these are the cases a checked-in file
cannot be: a file over the size limit, a symbolic link out of the project, a list too long to
write by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from syllabuild.schedule.dates import week_of
from syllabuild.syllabus import SyllabusError, load_syllabus, parse_syllabus
from syllabuild.syllabus.source import MAX_FILE_BYTES, MAX_ITEMS


def problems(text: str, *, root: Path | None = None) -> list[str]:
    with pytest.raises(SyllabusError) as caught:
        parse_syllabus(text, root=root)
    return caught.value.lines()


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "syllabus.yaml"
    path.write_bytes(b"course:\n  title: X\n  description: '" + b"x" * MAX_FILE_BYTES + b"'\n")
    with pytest.raises(SyllabusError) as caught:
        load_syllabus(path)
    assert caught.value.lines() == [
        "syllabus.yaml: the file is 5.0 MB, expected at most 5 MB; long texts belong in pages of docs/"]


def test_a_list_too_long_is_refused_at_its_line():
    items = ", ".join(["x"] * (MAX_ITEMS + 1))
    assert problems(f"course:\n  title: X\n  outcomes: [{items}]\n") == [
        f"syllabus.yaml:3:13: course.outcomes: expected at most {MAX_ITEMS} items, got {MAX_ITEMS + 1}"]


def test_aliases_nesting_what_the_composer_saw_as_shallow_are_refused():
    levels = "".join(f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}]\n" for n in range(1, 40))
    found = problems("l0: &l0 [x]\n" + levels + "course:\n  title: X\n")
    assert len(found) == 1 and "more than" in found[0]


def test_a_moment_with_an_offset_is_in_course_time_and_compares_with_one_without():
    syllabus = parse_syllabus(
        "course: {title: X}\nmeetings: {timezone: Asia/Jerusalem}\n"
        "assignments:\n  - {id: a, kind: homework, title: A, release: 2024-01-02T12:00, due: 2024-01-09T21:59Z}\n")
    assignment = syllabus.assignments[0]
    assert assignment.due == dt.datetime(2024, 1, 9, 23, 59)  # UTC+2 in January
    assert assignment.release < assignment.due


def test_a_symbolic_link_out_of_the_project_is_not_a_notes_file(tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("the host's own file\n")
    project = tmp_path / "course"
    (project / "lectures").mkdir(parents=True)
    (project / "lectures" / "01-intro.md").symlink_to(outside)
    found = problems("course: {title: X}\nlectures:\n  - {title: Intro, notes: lectures/01-intro.md}\n", root=project)
    assert found == [f"syllabus.yaml:3:27: lectures[0].notes: file outside the project folder: lectures/01-intro.md "
                     f"leads to {outside}; name a file of the project"]


def test_notes_that_are_not_utf8_are_reported_in_the_notes_file(tmp_path):
    (tmp_path / "lectures").mkdir()
    (tmp_path / "lectures" / "01-intro.md").write_bytes(b"# Intro\n\nna\xefve\n")
    found = problems("course: {title: X}\nlectures:\n  - {title: Intro, notes: lectures/01-intro.md}\n", root=tmp_path)
    assert found == ["lectures/01-intro.md:3:3: not valid UTF-8 text: byte 0xef (invalid continuation byte); "
                     "save the file as UTF-8"]


@pytest.mark.parametrize("url", ["java&#x73;cript:alert(1)", "javascript%3Aalert(1)", "java%09script:alert(1)",
                                 "javascript&colon;alert(1)", "%256Aavascript:alert(1)"])
def test_a_url_is_checked_as_a_browser_reads_it(url):
    found = problems(f'course:\n  title: X\n  links: [{{url: "{url}"}}]\n')
    assert len(found) == 1 and "expected an http(s), mailto or relative URL" in found[0]


@pytest.mark.parametrize("url", ["page.md", "setup/anaconda.md#windows", "search.html?q=a%3Ab", "https://x.org/a%20b",
                                 "mailto:staff@example.edu", "a/../b.md"])
def test_ordinary_urls_stay_valid(url):
    assert parse_syllabus(f'course:\n  title: X\n  links: [{{url: "{url}"}}]\n').course.links[0].url == url


def test_a_markdown_link_to_a_script_is_refused():
    assert problems("course:\n  title: X\n  description: 'Read [this](javascript:alert(1)).'\n") == [
        "syllabus.yaml:3:16: course.description: expected Markdown links to http(s), mailto or relative URLs, "
        "got a javascript: link"]


def test_a_key_that_looks_like_a_tag_is_reported_as_written():
    found = problems("course:\n  title: X\n  text: y\n")
    assert found == ["syllabus.yaml:3:3: course.text: unknown key 'text'; expected one of: title, code, term, institution, "
                     "languages, teaching_language, description, prerequisites, outcomes, links, announcements, unit"]


def test_no_week_before_the_term():
    start = dt.date(2024, 3, 4)
    assert [week_of(start - dt.timedelta(days=1), start), week_of(start, start), week_of(start + dt.timedelta(7), start)] \
        == [None, 1, 2]
