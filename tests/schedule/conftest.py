from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from course_clock import COURSE

from syllabuild.syllabus import load_syllabus


@pytest.fixture
def syllabus():
    return load_syllabus(COURSE / "syllabus.yaml", root=COURSE)


@pytest.fixture
def dst_course(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/dst_course."""
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    return target
