"""The sample course itself: it builds strictly, and every internal link of it resolves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.project import load_project
from syllabuild.links import check_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sample") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "syllabuild.cli", "build", "--strict", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_sample_course_links_are_all_good_offline(sample_site):
    site_url = "https://courses.example.edu/deep-learning/"  # as in mkdocs.yml: root-relative links live under it
    assert site_url in (ROOT / "mkdocs.yml").read_text()
    report = check_project(load_project(ROOT / "mkdocs.yml"), offline=True, site_dir=sample_site)
    assert report.exit_code == 0, "\n".join(report.problems) + "\n" + "\n".join(
        f"{f.link.location}: {f.link.url}: {f.result.reason}" for f in report.findings
    )
    assert report.occurrences > 500  # the syllabus, notes, notebooks and every built page were read


def test_every_lecture_page_has_its_code_and_output(sample_site):
    for page in sorted((sample_site / "lectures").glob("[0-9][0-9]-*/index.html")):
        html = page.read_text(encoding="utf-8")
        if "Dropped this term" in html:
            continue
        assert 'class="language-python' in html or "highlight" in html, page
        assert 'class="sb-output' in html, f"{page.parent.name} shows no snippet output"


def test_the_hebrew_edition_names_its_notebooks_and_their_buttons_in_hebrew(sample_site):
    notebook = "notebooks/tutorial-01-tensors-autograd/index.html"
    hebrew = (sample_site / "he" / notebook).read_text(encoding="utf-8")
    english = (sample_site / notebook).read_text(encoding="utf-8")
    assert ">הורדת המחברת</a>" in hebrew and ">פתיחה ב־Colab</a>" in hebrew
    assert "Download notebook" not in hebrew and "Open in Colab" not in hebrew
    assert ">Download notebook</a>" in english
    nav = (sample_site / "he" / "index.html").read_text(encoding="utf-8").split("md-nav--primary", 1)[1]
    assert "מחברות" in nav and "Notebooks" not in nav
    assert "Notebooks" in (sample_site / "index.html").read_text(encoding="utf-8").split("md-nav--primary", 1)[1]
    # The Hebrew page's download button leads to the Hebrew folder's copy, which exists.
    assert (sample_site / "he/notebooks/tutorial-01-tensors-autograd/tutorial-01-tensors-autograd.ipynb").is_file()
