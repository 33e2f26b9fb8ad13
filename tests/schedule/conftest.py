from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from syllabuild.syllabus import load_syllabus

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "dst_course"
BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=BERLIN)


@pytest.fixture
def syllabus():
    return load_syllabus(COURSE / "syllabus.yaml", root=COURSE)


@pytest.fixture
def dst_course(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/dst_course."""
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    return target
