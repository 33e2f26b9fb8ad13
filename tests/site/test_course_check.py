"""`syllabuild validate` finds what a build would: both run `plan_course`, so no problem first shows as a failed build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from syllabuild.project import load_project
from syllabuild.site.pipeline import CourseError, plan_course

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def validate(course: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", "validate"], cwd=course, capture_output=True,
                          text=True, timeout=300)


def build_problems(course: Path) -> list[str]:
    with pytest.raises(CourseError) as caught:
        plan_course(load_project(course / "mkdocs.yml"))
    return caught.value.lines


@pytest.fixture
def course(tmp_path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", target)
    return target


def test_notes_found_by_their_number_that_are_not_utf8(course):
    (course / "lectures" / "02-backprop.md").write_bytes(b"# Backprop\n\nChain r\xfcle\n")
    line = "lectures/02-backprop.md:3:8: not valid UTF-8 text: byte 0xfc (invalid start byte); save the file as UTF-8"
    assert build_problems(course) == [line]
    result = validate(course)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-2:] == [line, "1 problem found"]


def test_notes_found_by_their_number_that_lead_out_of_the_project(course, tmp_path):
    outside = tmp_path / "hostname"
    outside.write_text("build-machine-7\n")
    notes = course / "lectures" / "02-backprop.md"
    notes.unlink()
    notes.symlink_to(outside)
    line = (f"lectures/02-backprop.md: a symbolic link to {outside}, outside the project folder; "
            "the site publishes only files of the project")
    assert build_problems(course) == [line]
    result = validate(course)
    assert result.returncode == 1 and line in result.stderr.splitlines()


def test_translations_that_the_build_requires(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "bilingual_course", course)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - syllabuild\n", "  - syllabuild:\n      i18n: {untranslated: error}\n"))
    assert any("lectures[1].title" in line for line in build_problems(course))
    result = validate(course)
    assert result.returncode == 1
    assert "untranslated text" in result.stderr and "lectures[1].title" in result.stderr
