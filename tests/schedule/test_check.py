"""`syllabuild check`: one summary of validation, strict build and links; non-zero on failure."""

from __future__ import annotations

from pathlib import Path

from syllabuild.cli import main


def check(course: Path) -> int:
    return main(["check", "-f", str(course / "mkdocs.yml"), "--offline", "--now", "2024-05-01T00:00"])


def test_a_good_course_passes_with_one_summary(dst_course: Path, capsys):
    assert check(dst_course) == 0
    out = capsys.readouterr().out
    assert "syllabus  ok       syllabus.yaml: 4 lectures, 2 assignments" in out
    assert "build     ok       strict, everything executed" in out
    assert "links     ok" in out and "offline: internal links only" in out
    assert out.rstrip().endswith("All checks passed.")
    assert (dst_course / "site/calendar.ics").is_file()


def test_a_broken_link_fails_the_build_step_and_names_the_file(dst_course: Path, capsys):
    (dst_course / "docs/about.md").write_text("# About\n\nSee [the FAQ](faq.md).\n")
    assert check(dst_course) == 1
    out = capsys.readouterr().out
    assert "build     failed" in out
    assert "Doc file 'about.md' contains a link 'faq.md'" in out
    assert "links     skipped  not run: the site did not build" in out
    assert "FAILED: build" in out


def test_syllabus_errors_stop_everything_and_say_where(dst_course: Path, capsys):
    path = dst_course / "syllabus.yaml"
    path.write_text(path.read_text().replace("weekday: monday", "weekday: mondays"))
    assert check(dst_course) == 1
    out = capsys.readouterr().out
    assert "syllabus  failed   1 problem\n" in out
    assert "syllabus.yaml:12:" in out and "meetings.weekly[0].weekday" in out
    assert "build     skipped  not run: the syllabus has errors" in out
    assert not (dst_course / "site").exists()
