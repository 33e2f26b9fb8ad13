"""Whole builds of tests/fixtures/snippets_course with `mkdocs build`, as an author runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "snippets_course"
MKDOCS = [sys.executable, "-m", "mkdocs", "build"]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURE, target)
    return target


def build(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, *args], cwd=course, capture_output=True, text=True, timeout=300,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and (p.suffix in {".html", ".svg", ".png"})}


def test_clean_builds_are_byte_identical_and_only_edited_code_reruns(course):
    first = build(course, "--strict")
    assert first.returncode == 0, first.stderr
    assert "snippets: 6 run, 0 cached, 0 failed" in first.stderr
    before = site_files(course / "site")
    shutil.rmtree(course / ".cache")
    assert build(course, "--strict").returncode == 0
    assert site_files(course / "site") == before

    page = (course / "site" / "lectures" / "02-networks" / "index.html").read_text()
    (figure,) = [name for name in before if name.startswith("assets/snippets/")]
    assert f'src="../../{figure}"' in page and "base64" not in page
    lecture_1 = (course / "site" / "lectures" / "01-gradient-descent" / "index.html").read_text()
    assert "w = 0.5" in lecture_1 and "after one step: 4.0" in lecture_1

    notes = course / "lectures" / "02-networks.md"
    notes.write_text("New opening paragraph.\n\n" + notes.read_text())
    prose_edit = build(course, "--strict")
    assert prose_edit.returncode == 0 and "snippets:" not in prose_edit.stderr  # quiet when nothing runs
    notes.write_text(notes.read_text().replace("plt.plot([0, 1, 4, 9])", "plt.plot([0, 1, 4, 16])"))
    assert "snippets: 1 run, 5 cached, 0 failed" in build(course).stderr
    (course / "data" / "start.txt").write_text("2.0\n")
    data_edit = build(course)
    assert "snippets: 1 run, 5 cached, 0 failed" in data_edit.stderr
    assert "after one step: 1.0" in (course / "site" / "lectures" / "01-gradient-descent" / "index.html").read_text()


def test_a_broken_snippet_fails_a_strict_build_at_its_line(course):
    notes = course / "lectures" / "02-networks.md"
    notes.write_text(notes.read_text() + '\n```python exec="on"\nimport torch\n\ntorch.zeros(2) @ torch.zeros(3)\n```\n')
    broken_line = notes.read_text().splitlines().index("torch.zeros(2) @ torch.zeros(3)") + 1
    strict = build(course, "--strict")
    assert strict.returncode != 0
    assert f"lectures/02-networks.md:{broken_line}: snippet failed: RuntimeError" in strict.stderr
    assert "Aborted with 1 warnings in strict mode" in strict.stdout + strict.stderr

    lenient = build(course)  # like `mkdocs serve`: the site builds, the page shows the error
    assert lenient.returncode == 0
    page = (course / "site" / "lectures" / "02-networks" / "index.html").read_text()
    assert f"Snippet failed at lectures/02-networks.md:{broken_line}" in page


def test_a_figure_without_alt_text_fails_a_strict_build_at_its_snippet(course):
    notes = course / "lectures" / "02-networks.md"
    notes.write_text(notes.read_text() + '\n```python exec="on"\nimport matplotlib.pyplot as plt\nplt.plot([1, 0])\n```\n')
    line = notes.read_text().splitlines().index("plt.plot([1, 0])")  # the snippet's first line, 1-based
    strict = build(course, "--strict")
    assert strict.returncode != 0
    assert (f'lectures/02-networks.md:{line}: figure 1 has no alternative text: add alt="…" to the snippet, '
            "or give the figure a title, axis labels or a legend") in strict.stderr
