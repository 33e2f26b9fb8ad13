"""How commands talk: one summary line at the end, plurals, colour only for a terminal."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.console import plural

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(course: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NO_COLOR", "CI")}
    environment.update({"NO_MKDOCS_2_WARNING": "1", **env})
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", *args], cwd=course, capture_output=True,
                          text=True, env=environment, timeout=600)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("console") / "course"
    shutil.copytree(FIXTURES / "minimal_course", target)
    return target


def test_plurals():
    assert [plural(0, "page"), plural(1, "page"), plural(2, "page"), plural(1, "entry", "entries")] == [
        "0 pages", "1 page", "2 pages", "1 entry"]


def test_validate_counts_in_words(course):
    result = run(course, "validate")
    assert result.returncode == 0
    # The fixture has five lectures and one homework: "1 assignment", not "1 assignments".
    assert result.stdout == "syllabus.yaml: OK (5 lectures, 1 assignment)\n"


def test_a_build_ends_with_one_summary_line_and_piped_output_has_no_colour(course):
    result = run(course, "build", "--strict")
    assert result.returncode == 0, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"INFO    -  Built \d+ pages in 1 language into site/ with mkdocs in \d+\.\d s; 0 warnings", last)
    assert not ANSI.search(result.stderr)


def test_a_failed_build_says_so_last_and_that_the_site_is_untouched(course):
    syllabus = course / "syllabus.yaml"
    good = syllabus.read_text()
    try:
        syllabus.write_text(good.replace("title: Perceptrons", "title: Perceptrons\n    date: March 5"))
        result = run(course, "build", "--builder", "zensical")
    finally:
        syllabus.write_text(good)
    assert result.returncode == 1
    assert re.search(r"Build failed after \d+\.\d s \(0 warnings\); the site folder is untouched\n$", result.stderr)


def test_a_terminal_gets_colour(course):
    result = run(course, "build", FORCE_COLOR="1")
    assert result.returncode == 0, result.stderr
    assert ANSI.search(result.stderr)
    assert "Built " in ANSI.sub("", result.stderr)
