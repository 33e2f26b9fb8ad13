"""`syllabuild term new`: what it prints, when it refuses, and that a refusal leaves the file as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from syllabuild.cli import main

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "tests" / "fixtures" / "term_course"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def course(tmp_path: Path, monkeypatch) -> Path:
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    monkeypatch.chdir(target)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    """Every file staff own (the build cache aside), with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and ".cache" not in path.relative_to(folder).parts}


def test_the_summary_is_printed_and_the_file_replaced_keeping_its_permissions(course: Path, capsys):
    syllabus = course / "syllabus.yaml"
    syllabus.chmod(0o640)
    assert main(["term", "new", "--start", "2025-10-13"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "term_course.summary.txt").read_text(encoding="utf-8")
    assert syllabus.read_text(encoding="utf-8") == (GOLDEN / "term_course.rolled.yaml").read_text(encoding="utf-8")
    assert syllabus.stat().st_mode & 0o777 == 0o640
    assert sorted(_files(course)) == ["docs/faq.md", "mkdocs.yml", "syllabus.yaml"]  # no temporary file left


def test_a_dry_run_prints_the_summary_and_writes_nothing(course: Path, capsys):
    before = _files(course)
    assert main(["term", "new", "--start", "2025-10-13", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("syllabus.yaml: would roll forward to Fall 2025/26, Mon 13 Oct 2025 to Wed 4 Feb 2026 "
                      "(--dry-run: nothing written)")
    assert out[1:] == (GOLDEN / "term_course.summary.txt").read_text(encoding="utf-8").splitlines()[1:]
    assert _files(course) == before


def test_a_syllabus_with_problems_is_reported_as_validate_reports_it_and_left_byte_for_byte(course: Path, capsys):
    syllabus = course / "syllabus.yaml"
    broken = syllabus.read_bytes().replace(b"date: 2024-10-23", b"date: October 23").replace(b"Lab 3}", b"Lab 3, seats: 20}")
    syllabus.write_bytes(broken)
    assert main(["validate"]) == 1
    validated = capsys.readouterr().err
    assert main(["term", "new", "--start", "2025-10-13"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == validated + "syllabus.yaml: not changed\n"
    assert captured.err == (GOLDEN / "refused.txt").read_text(encoding="utf-8")
    assert syllabus.read_bytes() == broken
    assert sorted(_files(course)) == ["docs/faq.md", "mkdocs.yml", "syllabus.yaml"]


def test_a_roll_whose_result_would_not_validate_writes_nothing(course: Path, capsys):
    before = _files(course)
    assert main(["term", "new", "--start", "2025-10-13", "--end", "2025-10-20"]) == 1
    assert capsys.readouterr().err == (GOLDEN / "rolled_invalid.txt").read_text(encoding="utf-8")
    assert _files(course) == before


CLI_CASES = [
    ["--start", "2025-13-01"],
    ["--start", "next monday", "--end", "2026-02-30"],
    ["--start", "2025-10-13", "--end", "2025-10-01"],
    ["--start", "2024-09-30"],
    ["--start", "2025-10-13", "--term", "he=א", "--term", "he=ב"],
    ["--start", "2025-10-13", "--term", "fr=Automne 2025"],
    ["--start", "2025-04-14"],
]


def test_arguments_that_do_not_fit_get_one_line_each_and_exit_2(course: Path, capsys):
    before = _files(course)
    transcript = []
    for case in CLI_CASES:
        status = main(["term", "new", *case])
        captured = capsys.readouterr()
        assert captured.out == ""
        transcript += [f"$ syllabuild term new {' '.join(case)}", *captured.err.splitlines(), f"exit {status}", ""]
    assert "\n".join(transcript) == (GOLDEN / "cli_errors.txt").read_text(encoding="utf-8")
    assert _files(course) == before


def test_the_installed_command_rolls_the_sample_and_the_result_validates(tmp_path: Path):
    """The sample course, through `.venv/bin/syllabuild` as staff run it, then `syllabuild validate`."""
    project = tmp_path / "sample"
    project.mkdir()
    for name in ("mkdocs.yml", "syllabus.yaml"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("docs", "lectures", "snippets"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    command = Path(sys.executable).parent / "syllabuild"
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "CI")}
    rolled = subprocess.run([str(command), "term", "new", "--start", "2024-12-31"], cwd=project, capture_output=True,
                            text=True, env={**env, "NO_COLOR": "1"}, timeout=300)
    assert rolled.returncode == 0, rolled.stderr
    assert rolled.stdout.splitlines()[0] == "syllabus.yaml: rolled forward to Winter 2025, Tue 31 Dec 2024 to Tue 25 Mar 2025"
    assert "  cleared: 2 recordings (lectures 1 and 2), 1 announcement, 1 day off" in rolled.stdout
    validated = subprocess.run([str(command), "validate"], cwd=project, capture_output=True, text=True,
                               env={**env, "NO_COLOR": "1"}, timeout=300)
    assert (validated.returncode, validated.stdout) == (0, "syllabus.yaml: OK (13 lectures, 7 assignments)\n"), validated.stderr


def test_term_new_does_not_import_the_archive_side(course: Path):
    code = ("import sys; from syllabuild.cli import main; status = main(['term', 'new', '--start', '2025-10-13', "
            "'--dry-run']); print(status, 'syllabuild.terms.archive' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=course, capture_output=True, text=True, timeout=300)
    assert result.stdout.splitlines()[-1] == "0 False", result.stderr
