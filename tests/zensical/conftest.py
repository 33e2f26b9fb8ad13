"""The Zensical adapter's fixtures (helpers are in zensical_harness.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from zensical_harness import FIXTURE, Course


@pytest.fixture
def course(tmp_path: Path) -> Course:
    """A fresh copy of the fixture tree, to change before building it."""
    shutil.copytree(FIXTURE, tmp_path / "course")
    return Course(tmp_path / "course")
