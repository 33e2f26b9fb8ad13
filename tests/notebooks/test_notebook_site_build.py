"""Whole builds of tests/fixtures/notebooks_course with `mkdocs build`, as an author runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "notebooks_course"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURE, target)
    return target


def build(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=course, capture_output=True,
                          text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def test_notebooks_render_with_outputs_downloads_and_colab_links(course):
    first = build(course, "--strict")
    assert first.returncode == 0, first.stderr
    site = course / "site"
    tour = (site / "notebooks" / "tour" / "index.html").read_text()
    for shown in ("slope is 3.0", "6.0", 'class="shown-bold"', "after display", "KeyError"):
        assert shown in tour, shown
    # The figure is a file beside the page (no base64 in the HTML), its alt text read from its title.
    assert '<img alt="Squares of 0 to 3" class="syllabuild-figure" src="../tour_files/output_3_0.png" />' in tour
    assert (site / "notebooks" / "tour_files" / "output_3_0.png").read_bytes().startswith(b"\x89PNG")
    assert "data:image" not in tour
    assert 'href="tour.ipynb"' in tour
    assert ('href="https://colab.research.google.com/github/example-university/nn-101/blob/main/'
            'lectures/tour.ipynb"') in tour
    # The download is the repository's notebook, not the executed copy.
    download = json.loads((site / "notebooks" / "tour" / "tour.ipynb").read_text())
    assert download == json.loads((course / "lectures" / "tour.ipynb").read_text())
    # Opted out: shown with the outputs it was committed with.
    assert "output from the author" in (site / "notebooks" / "committed" / "index.html").read_text()
    # The lecture links the exercise page; the solution (released in 2999) is nowhere.
    lecture = next((site / "lectures").glob("01-*/index.html")).read_text()
    assert 'href="../../notebooks/fit-exercise/"' in lecture
    assert not list(site.rglob("*fit-solution*"))
    assert "fit-solution" not in lecture and "Fit a line: solution" not in (site / "index.html").read_text()

    # Editing prose runs nothing; editing a file a cell reads runs that notebook again.
    notebook = json.loads((course / "lectures" / "tour.ipynb").read_text())
    notebook["cells"][0]["source"] = "# A tour of outputs\n\nReworded prose."
    (course / "lectures" / "tour.ipynb").write_text(json.dumps(notebook))
    prose = build(course, "--strict")
    assert prose.returncode == 0 and "snippets:" not in prose.stderr
    assert "Reworded prose." in (site / "notebooks" / "tour" / "index.html").read_text()
    (course / "data" / "slope.txt").write_text("5.0\n")
    data = build(course, "--strict")
    assert "notebooks: 1 run, 2 from cache, 0 failed" in data.stderr
    assert "slope is 5.0" in (site / "notebooks" / "tour" / "index.html").read_text()


def test_a_failing_cell_fails_a_strict_build_at_its_cell_and_line(course):
    notebook = json.loads((course / "lectures" / "tour.ipynb").read_text())
    notebook["cells"][2]["source"] = "x = 1\nx.missing_attribute"
    (course / "lectures" / "tour.ipynb").write_text(json.dumps(notebook))
    result = build(course, "--strict")
    assert result.returncode != 0
    assert "lectures/tour.ipynb: cell 3, line 2: AttributeError: 'int' object has no attribute" in result.stderr
    assert "  Cell 3 (In [2]), line 2, in <module>\n    x.missing_attribute" in result.stderr
    assert "runner.py" not in result.stderr and "__syllabuild_show__" not in result.stderr
    # Without --strict the site builds and the page shows the error where it happened.
    assert build(course).returncode == 0
    assert "AttributeError" in (course / "site" / "notebooks" / "tour" / "index.html").read_text()


def test_a_build_whose_notebooks_did_not_change_reuses_their_pages_without_nbconvert(course):
    """Warm builds read each rendered notebook page from the cache: nbconvert (~0.5 s) is never imported."""
    assert build(course, "--strict").returncode == 0
    generated = course / ".cache" / "syllabuild" / "generated"
    first = {path.relative_to(generated): path.read_bytes() for path in generated.rglob("*") if path.is_file()}
    script = ("import sys\nfrom mkdocs.__main__ import cli\n"
              "try:\n    cli(['build', '--strict'])\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
              "print('nbconvert imported' if 'nbconvert' in sys.modules else 'nbconvert not imported')\n")
    again = subprocess.run([sys.executable, "-c", script], cwd=course, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("nbconvert not imported")
    second = {path.relative_to(generated): path.read_bytes() for path in generated.rglob("*") if path.is_file()}
    assert second == first

    # A changed notebook is rendered again (and only then is nbconvert imported).
    notebook = course / "lectures" / "tour.ipynb"
    data = json.loads(notebook.read_text())
    data["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": "A new first paragraph."})
    notebook.write_text(json.dumps(data))
    changed = subprocess.run([sys.executable, "-c", script], cwd=course, capture_output=True, text=True, timeout=600)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip().endswith("nbconvert imported")
    assert "A new first paragraph." in "".join(path.read_text() for path in generated.rglob("tour*.md"))
