"""Every invalid syllabus beside its exact expected message: the messages are an interface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.syllabus import SyllabusError, load_syllabus

INVALID = Path(__file__).resolve().parent.parent / "fixtures" / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_invalid_syllabus_reports_exact_problems(path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(SyllabusError) as caught:
        load_syllabus(path, root=INVALID)
    assert caught.value.lines() == expected


def test_cli_lists_every_problem_without_a_traceback(tmp_path: Path):
    case = INVALID / "several_problems_at_once.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "syllabuild.cli", "validate", str(case)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1] == "7 problems found"
    assert any(":7:37: lectures[0].date: expected a date like 2024-03-05" in line for line in lines)
    # cross-field rules still run on the parts that are valid
    assert any(":9:49: lectures[2].readings[0].cite: unknown bibliography key 'BBX'" in line for line in lines)
