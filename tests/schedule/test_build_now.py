"""`syllabuild build --now`: the built site before and after a release, and the feed it ships."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest

from syllabuild.cli import main
from course_clock import COURSE

LEAP = "lectures/03-leap-seconds/"


def build(course: Path, now: str, site: str) -> Path:
    assert main(["build", "-f", str(course / "mkdocs.yml"), "--strict", "--now", now, "-d", str(course / site)]) == 0
    return course / site


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    import shutil

    course = tmp_path_factory.mktemp("build") / "course"
    shutil.copytree(COURSE, course)
    return build(course, "2024-04-08T07:59", "before"), build(course, "2024-04-08T08:00", "after")


def test_a_lecture_is_absent_from_every_output_before_its_release(sites):
    before, after = sites
    assert not (before / LEAP).exists()
    assert (after / LEAP / "index.html").is_file()
    for name in ("sitemap.xml", "search/search_index.json", "calendar.ics", "index.html", "schedule/index.html"):
        assert "Leap seconds" not in (before / name).read_text(encoding="utf-8"), name
        assert "leap second" not in (before / name).read_text(encoding="utf-8").lower(), name
    assert LEAP in (after / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((after / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith(LEAP) for doc in index["docs"])
    assert "23:59:60" in (after / LEAP / "index.html").read_text(encoding="utf-8")


def test_the_site_ships_its_feed_and_links_to_it(sites):
    _, after = sites
    cal = icalendar.Calendar.from_ical((after / "calendar.ics").read_bytes())
    urls = {str(e["URL"]) for e in cal.walk("VEVENT") if "URL" in e}
    assert "https://courses.example.edu/time/lectures/03-leap-seconds/" in urls
    assert 'href="calendar.ics"' in (after / "index.html").read_text(encoding="utf-8")
    assert 'href="../calendar.ics"' in (after / "schedule/index.html").read_text(encoding="utf-8")


def test_a_rebuild_later_the_same_day_ships_the_same_feed_bytes(sites):
    _, after = sites
    again = build(after.parent, "2024-04-08T17:30", "again")
    assert (again / "calendar.ics").read_bytes() == (after / "calendar.ics").read_bytes()


def test_pages_load_the_this_week_script_and_embed_their_dates(sites):
    _, after = sites
    home = (after / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/syllabuild/this-week.js"' in home
    assert (after / "assets/syllabuild/this-week.js").is_file()
    assert '<script type="application/json" id="sb-dates">' in home
    assert 'id="whats-next"' in (after / "schedule/index.html").read_text(encoding="utf-8")


def test_an_invalid_moment_stops_the_build_and_keeps_the_site(sites, caplog):
    before, _ = sites
    course = before.parent
    assert main(["build", "-f", str(course / "mkdocs.yml"), "--now", "next monday", "-d", str(before)]) == 1
    assert 'expected a moment like 2024-03-01T12:00, got "next monday"' in caplog.text
    assert (before / "index.html").is_file()


def test_the_now_option_beats_now_in_mkdocs_yml(tmp_path, monkeypatch):
    import shutil

    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.endswith("  - syllabuild\n")
    config.write_text(text.replace("  - syllabuild\n", "  - syllabuild:\n      now: 2024-04-08T07:59\n"), encoding="utf-8")
    monkeypatch.delenv("SYLLABUILD_NOW", raising=False)
    assert (build(course, "2024-04-08T08:00", "option") / LEAP / "index.html").is_file()  # --now 08:00 wins over mkdocs.yml's 07:59
    # Without the option, mkdocs.yml's moment holds.
    assert main(["build", "-f", str(config), "--strict", "-d", str(course / "plain")]) == 0
    assert not (course / "plain" / LEAP).exists()
