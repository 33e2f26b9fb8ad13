from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def minimal_course(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal_course."""
    import shutil

    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", target)
    return target
