"""The yearly routine on the sample course: archive the term, roll it forward a year, build.

The archived term is checked in Chromium (banner, axe) by tests/browser/test_archived_term.py on a
small course; here the whole sample goes through the routine once (every snippet and notebook
runs when the term is archived).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.schedule import CourseCalendar
from syllabuild.syllabus import load_syllabus

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SOURCES = ("mkdocs.yml", "syllabus.yaml", "docs", "lectures", "snippets")


def syllabuild(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=900)


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """The sample after `term archive`, `term new --start 2024-12-31` and a strict build."""
    course = tmp_path_factory.mktemp("yearly") / "course"
    course.mkdir()
    for name in SOURCES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, course / name)
    for args in (("term", "archive", "--now", "2024-04-01T12:00"), ("term", "new", "--start", "2024-12-31"),
                 ("build", "--strict", "--now", "2025-01-15T12:00")):
        result = syllabuild(*args, cwd=course)
        assert result.returncode == 0, f"{' '.join(args)}:\n{result.stderr[-4000:]}"
    return course


def test_the_new_term_falls_on_the_same_weekdays(course):
    old = CourseCalendar.from_syllabus(load_syllabus(ROOT / "syllabus.yaml", root=ROOT))
    new = CourseCalendar.from_syllabus(load_syllabus(course / "syllabus.yaml", root=course))
    pairs = [(before.date, after.date) for before, after in zip(old.lectures, new.lectures, strict=True) if before.date]
    assert len(pairs) >= 10
    # The old days off are cleared (staff enter the new term's): later lectures may move up a week.
    assert all(after.weekday() == before.weekday() for before, after in pairs), pairs
    assert pairs[0][1] - pairs[0][0] == dt.timedelta(weeks=52)


def test_the_old_term_is_served_unchanged_with_its_banner(course):
    archived = files(course / "archive" / "winter-2024")
    assert files(course / "site" / "archive" / "winter-2024") == archived
    pages = [path for path in archived if path.endswith(".html")]
    assert len(pages) >= 60 and any(path.startswith("he/") for path in pages)
    for path in pages:
        assert archived[path].decode().count('<aside class="sb-archived"') == 1, path
    # Both languages, the calendar, notebooks and their downloads, as the term published them.
    for kept in ("calendar.ics", "he/calendar.ics", "schedule/index.html", "he/schedule/index.html"):
        assert kept in archived
    assert [path for path in archived if path.startswith("notebooks/") and path.endswith(".ipynb")]
    assert b"Archived: Winter 2024." in archived["index.html"]
    assert "בארכיון: סמסטר חורף 2024.".encode() in archived["he/index.html"]


def test_the_current_site_lists_the_archived_term_and_searches_only_itself(course):
    site = course / "site"
    past = (site / "archive" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="winter-2024/">Winter 2024</a>: Tue 2 Jan 2024 – Tue 26 Mar 2024', past)
    assert "Winter 2025" in (site / "index.html").read_text(encoding="utf-8")
    for index in ("search/search_index.json", "he/search/search_index.json"):
        locations = [doc["location"] for doc in json.loads((site / index).read_text(encoding="utf-8"))["docs"]]
        assert locations and not [location for location in locations if location.startswith("archive/winter")]


def test_editing_an_archived_file_fails_the_build_with_its_path(course):
    page = course / "archive" / "winter-2024" / "schedule" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Winter 2024", b"Winter 2O24", 1))
    try:
        result = syllabuild("build", cwd=course)
    finally:
        page.write_bytes(original)
    assert result.returncode == 1
    assert "archive/winter-2024/schedule/index.html: changed since it was archived on " in result.stderr
