"""End to end: real MkDocs builds of course folders, checked for what a student sees."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def syllabuild(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", *args], cwd=cwd, capture_output=True, text=True, env=ENV)


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8") if not page.endswith(".html") else (site / page).read_text(encoding="utf-8")


def visible(html: str) -> str:
    """Rough text of the article, tags removed, whitespace collapsed."""
    article = html.split('<article', 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


@pytest.fixture(scope="module")
def built_minimal(tmp_path_factory) -> Path:
    import shutil

    course = tmp_path_factory.mktemp("built") / "course"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal_course", course)
    result = syllabuild("build", "--strict", cwd=course)
    assert result.returncode == 0, result.stderr
    return course


def test_strict_build_makes_every_page(built_minimal):
    site = built_minimal / "site"
    for page in ["", "schedule", "lectures", "lectures/01-perceptrons", "lectures/02-backpropagation",
                 "lectures/03-pruning", "lectures/05-convolutions", "readings", "grading", "resources",
                 "policies", "faq"]:
        assert (site / page / "index.html").is_file(), page
    assert not (site / "lectures/04-secret-future-lecture").exists()


def test_nav_lists_generated_and_hand_written_pages_in_course_order(built_minimal):
    home = read(built_minimal / "site", "")
    nav = home.split('class="md-nav md-nav--primary"', 1)[1]
    order = [nav.index(label) for label in ["Schedule", "Perceptrons", "Backpropagation", "Readings", "Grading", "Frequently asked questions"]]
    assert order == sorted(order)


def test_lecture_page_shows_metadata_readings_and_notes(built_minimal):
    text = visible(read(built_minimal / "site", "lectures/02-backpropagation"))
    assert "Date: Mon 10 Mar 2025, 10:15–11:45, Hall A (week 2)" in text
    assert "watch · mirror 1" in text
    assert "gives every gradient in one backward pass" in text  # from lectures/02-backprop.md


def test_search_index_contains_lectures_and_readings(built_minimal):
    index = (built_minimal / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Backpropagation" in index and "Rosenblatt" in index


def test_schedule_and_home_in_built_html(built_minimal):
    schedule = visible(read(built_minimal / "site", "schedule"))
    assert "Mon 17 Mar No class Spring holiday" in schedule
    home = visible(read(built_minimal / "site", ""))
    assert "Ada Lovelace" in home and "Mondays 14:00" in home


def test_broken_syllabus_fails_with_location_and_keeps_the_previous_site(built_minimal):
    site = built_minimal / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    syllabus = built_minimal / "syllabus.yaml"
    good = syllabus.read_text()
    try:
        syllabus.write_text(good.replace("title: Perceptrons", "title: Perceptrons\n    date: March 5"))
        result = syllabuild("build", cwd=built_minimal)
        assert result.returncode == 1
        assert "syllabus.yaml:23:11: lectures[0].date: expected a date like 2024-03-05, got \"March 5\"" in result.stderr
        assert "Traceback" not in result.stderr
        assert {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == before
    finally:
        syllabus.write_text(good)


def test_plain_mkdocs_build_works_and_escapes_titles(minimal_course):
    syllabus = minimal_course / "syllabus.yaml"
    syllabus.write_text(syllabus.read_text().replace("title: Convolutions", "title: \"<script>alert('x')</script>\""))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=minimal_course, capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    pages = list((minimal_course / "site" / "lectures").glob("05-*/index.html"))
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
