"""`syllabuild new`: one entry added, the rest of syllabus.yaml byte for byte as staff wrote it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from syllabuild.cli import main
from syllabuild.commands.editing import default_dates
from syllabuild.syllabus import load_syllabus, parse_syllabus

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "new_entries"


def test_new_lecture_appends_the_next_number_and_keeps_comments(dst_course: Path, capsys):
    path = dst_course / "syllabus.yaml"
    before = path.read_text()
    assert main(["new", "lecture", "Time zones: a history", "--syllabus", str(path)]) == 0
    after = path.read_text()
    added = "  - number: 5\n    title: 'Time zones: a history'\n"
    # Everything that was there stays, comments and flow mappings included; the entry goes
    # right after the last lecture.
    assert after == before.replace("    title: Calendars\n", "    title: Calendars\n" + added)
    assert "# a holiday: no lecture that day" in after
    out = capsys.readouterr().out
    assert "added lecture 5 at lectures[4], on Mon 22 Apr 2024 (computed from the meetings)" in out
    stub = dst_course / "lectures" / "05-time-zones-a-history.md"
    assert stub.is_file() and f"{stub.relative_to(dst_course.parent)}" in out.replace(str(dst_course.parent) + "/", "")
    syllabus = load_syllabus(path, root=dst_course)
    assert syllabus.lectures[-1].number == 5 and syllabus.lectures[-1].date is None


def test_a_second_new_lecture_continues_the_numbering_and_keeps_existing_notes(dst_course: Path):
    path = dst_course / "syllabus.yaml"
    main(["new", "lecture", "Leap years", "--syllabus", str(path)])
    main(["new", "lecture", "Leap seconds again", "--syllabus", str(path)])
    numbers = [lecture.number for lecture in load_syllabus(path).lectures]
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert (dst_course / "lectures/03-leap-seconds.md").read_text().startswith("The secret")


def test_new_assignment_takes_the_next_id_and_keeps_the_flow_style(dst_course: Path, capsys):
    path = dst_course / "syllabus.yaml"
    before = path.read_text()
    assert main(["new", "assignment", "Homework 2", "--syllabus", str(path)]) == 0
    # hw1 is due Tue 2 Apr; Wed 3 Apr is Easter week, so hw2 comes out after Monday's lecture.
    line = "  - {id: hw2, kind: homework, title: Homework 2, release: 2024-04-08T11:45, due: 2024-04-15T23:59}\n"
    assert path.read_text() == before + line
    assert "added hw2 at assignments[2], released Mon 8 Apr 2024, 11:45, due Mon 15 Apr 2024, 23:59" in capsys.readouterr().out


def test_an_invalid_syllabus_is_reported_and_left_alone(dst_course: Path, capsys):
    path = dst_course / "syllabus.yaml"
    broken = path.read_text().replace("start: 2024-03-18", "start: March 18")
    path.write_text(broken)
    assert main(["new", "lecture", "Anything", "--syllabus", str(path)]) == 1
    err = capsys.readouterr().err
    assert "syllabus.yaml:10:" in err and "meetings.term.start" in err and "not changed" in err
    assert path.read_text() == broken
    assert not list((dst_course / "lectures").glob("05-*"))


@pytest.mark.parametrize("layout", ["spaced", "flow"])
def test_new_entries_keep_the_blank_lines_between_entries(layout: str, tmp_path: Path):
    """Golden before/after: the new entry is separated like its neighbours, and the comments and
    blank lines that closed the section still close it."""
    path = tmp_path / "syllabus.yaml"
    shutil.copyfile(GOLDEN / f"{layout}.before.yaml", path)
    assert main(["new", "lecture", "Filters", "--syllabus", str(path)]) == 0
    assert main(["new", "assignment", f"Homework {2 if layout == 'spaced' else 3}", "--syllabus", str(path)]) == 0
    assert path.read_text() == (GOLDEN / f"{layout}.after.yaml").read_text()


@pytest.mark.parametrize("title", ["", "   "])
@pytest.mark.parametrize("what", ["lecture", "assignment"])
def test_an_empty_title_is_refused_and_nothing_changes(what: str, title: str, dst_course: Path, capsys):
    path = dst_course / "syllabus.yaml"
    before = path.read_text()
    notes = sorted((dst_course / "lectures").iterdir())
    assert main(["new", what, title, "--syllabus", str(path)]) == 1
    assert capsys.readouterr().err == (
        f'syllabuild new {what}: expected a title, like "Convolutional networks", got an empty one\n')
    assert path.read_text() == before
    assert sorted((dst_course / "lectures").iterdir()) == notes


def _syllabus(assignments: str, *, weekly: str = '[{kind: lecture, weekday: monday, start: "10:15", end: "11:45"}]') -> object:
    return parse_syllabus(
        "course: {title: T}\n"
        f"meetings: {{timezone: Europe/Berlin, term: {{start: 2025-03-03, end: 2025-05-30}}, weekly: {weekly}}}\n"
        "lectures: [{number: 1, title: One}]\n"
        f"assignments: {assignments}\n", name="syllabus.yaml")


def test_the_first_assignment_comes_out_after_the_first_class_and_is_due_a_week_later():
    release, due = default_dates(_syllabus("[]"), "homework")
    assert release == dt.datetime(2025, 3, 3, 11, 45)  # after lecture 1, not due on its day
    assert due == dt.datetime(2025, 3, 10, 23, 59)


def test_the_next_assignment_comes_out_as_the_last_one_of_its_kind_is_due():
    # hw1 is due on a Wednesday: hw2 comes out on the next class day, the Thursday tutorial.
    weekly = ('[{kind: lecture, weekday: monday, start: "10:15", end: "11:45"}, '
              '{kind: tutorial, weekday: thursday, start: "14:00", end: "15:30"}]')
    syllabus = _syllabus("[{id: hw1, kind: homework, title: H1, due: 2025-03-19T23:59},"
                         " {id: p1, kind: project, title: P, due: 2025-05-05T23:59}]", weekly=weekly)
    assert default_dates(syllabus, "homework") == (dt.datetime(2025, 3, 20, 15, 30), dt.datetime(2025, 3, 27, 23, 59))
    # Each kind keeps its own rhythm.
    assert default_dates(syllabus, "project") == (dt.datetime(2025, 5, 5, 11, 45), dt.datetime(2025, 5, 12, 23, 59))


def test_exams_and_presentations_get_no_guessed_date(dst_course: Path, capsys):
    assert default_dates(_syllabus("[]"), "exam") == (None, None)
    assert default_dates(_syllabus("[]"), "presentation") == (None, None)
    path = dst_course / "syllabus.yaml"
    assert main(["new", "assignment", "Midterm", "--kind", "exam", "--syllabus", str(path)]) == 0
    assert path.read_text().endswith("  - {id: exam1, kind: exam, title: Midterm}\n")
    assert "added exam1 at assignments[2], without dates; add `due:` once it is set" in capsys.readouterr().out
