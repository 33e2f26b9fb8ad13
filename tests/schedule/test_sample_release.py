"""The sample course built with `--now` on both sides of its release moments, in both languages.

Lecture 3 appears on the morning of 16 January 2024; lecture 2's recording on the evening of
9 January. Snippet and notebook results come from the repository's cache, so each build is cheap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LECTURE_3 = "lectures/03-efficient-differentiation/"
RECORDING_2 = "ff58e3098408e051a9be8b2730a7938a22752cc9.mp4"


def build(now: str, site: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "syllabuild.cli", "build", "--strict", "--now", now, "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="module")
def sample_sites(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sample-now")
    return build("2024-01-09T17:59", folder / "before"), build("2024-01-16T08:00", folder / "after")


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, title", [("", "3. Efficient differentiation"), ("he/", "3. גזירה יעילה")])
def test_lecture_3_reaches_no_page_nav_or_sitemap_before_its_morning(sample_sites, lang, title):
    before, after = sample_sites
    assert not (before / lang / LECTURE_3).exists()
    assert (after / lang / LECTURE_3 / "index.html").is_file()
    for name in ("index.html", "schedule/index.html", "lectures/index.html", "readings/index.html"):
        assert "03-efficient-differentiation/" not in read(before, lang + name), lang + name  # no link, nav included
        assert "03-efficient-differentiation/" in read(after, lang + name), lang + name
    assert title not in read(before, lang + "lectures/02-optimization/index.html")
    assert title in read(after, lang + "lectures/02-optimization/index.html")  # the "next" footer link
    assert f"{lang}{LECTURE_3}" not in read(before, "sitemap.xml")
    assert f"{lang}{LECTURE_3}" in read(after, "sitemap.xml")


def test_the_calendar_names_lecture_3_once_it_is_out(sample_sites):
    before, after = sample_sites
    assert "Lecture 3: Efficient differentiation" not in read(before, "calendar.ics")
    assert "Lecture 3: Efficient differentiation" in read(after, "calendar.ics")


def test_the_search_index_learns_lecture_3_with_its_page(sample_sites):
    before, after = sample_sites

    def locations(site: Path) -> set[str]:
        index = json.loads(read(site, "search/search_index.json"))
        return {doc["location"].split("#")[0] for doc in index["docs"]}

    assert not any(LECTURE_3 in location for location in locations(before))
    assert LECTURE_3 in locations(after)


def test_lecture_2_links_its_recording_from_the_evening_of_the_lecture(sample_sites):
    before, after = sample_sites
    for lang in ("", "he/"):
        page = lang + "lectures/02-optimization/index.html"
        assert RECORDING_2 not in read(before, page), page
        assert RECORDING_2 in read(after, page), page
