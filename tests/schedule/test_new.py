"""`syllabuild new`: one entry added, the rest of syllabus.yaml byte for byte as staff wrote it."""

from __future__ import annotations

from pathlib import Path

from syllabuild.cli import main
from syllabuild.syllabus import load_syllabus


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
    line = "  - {id: hw2, kind: homework, title: Homework 2, due: 2024-04-08T23:59}\n"
    assert path.read_text() == before + line
    assert "added hw2 at assignments[2], due Mon 8 Apr 2024, 23:59" in capsys.readouterr().out


def test_an_invalid_syllabus_is_reported_and_left_alone(dst_course: Path, capsys):
    path = dst_course / "syllabus.yaml"
    broken = path.read_text().replace("start: 2024-03-18", "start: March 18")
    path.write_text(broken)
    assert main(["new", "lecture", "Anything", "--syllabus", str(path)]) == 1
    err = capsys.readouterr().err
    assert "syllabus.yaml:10:" in err and "meetings.term.start" in err and "not changed" in err
    assert path.read_text() == broken
    assert not list((dst_course / "lectures").glob("05-*"))
