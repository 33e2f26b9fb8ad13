"""The course's nav: a short course lists its lectures, a long one groups them and each page
carries only its group's links (Material's `navigation.prune`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from syllabuild.pages import SiteContext, render_site
from syllabuild.site.nav import LECTURES_IN_ONE_LIST, PRUNE, course_nav, lecture_groups, nav_pages, prunes
from syllabuild.syllabus import parse_syllabus


def syllabus(count: int, *, course: str = "title: X", meetings: str = ""):
    lectures = "\n".join(f"  - {{title: Topic {n}}}" for n in range(1, count + 1))
    return parse_syllabus(f"course: {{{course}}}\n{meetings}lectures:\n{lectures}\n")


def nav_of(syllabus_, lang: str = "en") -> list:
    pages = render_site(syllabus_, SiteContext(project_dir=Path("."), lang=lang))
    return course_nav(pages, [], lecture_groups(syllabus_, lang))


def section(nav: list, title: str) -> list:
    return next(item[title] for item in nav if isinstance(item, dict) and title in item)


def titles(items: list) -> list[str]:
    return [next(iter(item)) if isinstance(item, dict) else item for item in items]


def test_a_course_of_up_to_twenty_lectures_lists_them_all():
    lectures = section(nav_of(syllabus(LECTURES_IN_ONE_LIST)), "Lectures")
    assert titles(lectures) == ["lectures/index.md", *(f"{n}. Topic {n}" for n in range(1, 21))]


def test_more_lectures_are_listed_ten_at_a_time_and_hundreds_in_groups_of_a_hundred():
    lectures = section(nav_of(syllabus(35)), "Lectures")
    assert titles(lectures) == ["lectures/index.md", "Lectures 1–10", "Lectures 11–20", "Lectures 21–30", "Lectures 31–35"]
    assert titles(lectures[2]["Lectures 11–20"]) == [f"{n}. Topic {n}" for n in range(11, 21)]

    big = section(nav_of(syllabus(231)), "Lectures")
    assert titles(big) == ["lectures/index.md", "Lectures 1–100", "Lectures 101–200", "Lectures 201–231"]
    last = big[3]["Lectures 201–231"]
    assert titles(last) == ["Lectures 201–210", "Lectures 211–220", "Lectures 221–230", "Lecture 231"]
    assert last[3]["Lecture 231"] == [{"231. Topic 231": "lectures/231-topic-231.md"}]


def test_groups_are_named_by_the_courses_unit_in_the_pages_language():
    days = syllabus(25, course="title: X, languages: [en, he], unit: day")
    assert titles(section(nav_of(days), "Days"))[1:] == ["Days 1–10", "Days 11–20", "Days 21–25"]
    assert titles(section(nav_of(days, "he"), "ימים"))[1:] == ["ימים 1–10", "ימים 11–20", "ימים 21–25"]


def test_a_course_that_meets_twice_a_week_is_grouped_by_week():
    twice = ("meetings:\n  timezone: UTC\n  term: {start: 2025-03-03, end: 2025-06-30}\n  weekly:\n"
             "    - {kind: lecture, weekday: monday, start: 10:00, end: 12:00}\n"
             "    - {kind: lecture, weekday: thursday, start: 10:00, end: 12:00}\n")
    lectures = section(nav_of(syllabus(26, meetings=twice)), "Lectures")
    assert titles(lectures) == ["lectures/index.md", *(f"Week {n}" for n in range(1, 14))]
    assert titles(lectures[1]["Week 1"]) == ["1. Topic 1", "2. Topic 2"]
    # Once a week, a week would hold one lecture: ten at a time instead.
    once = twice.rsplit("    - ", 1)[0]
    assert titles(section(nav_of(syllabus(26, meetings=once)), "Lectures"))[1] == "Lectures 1–10"


def test_only_a_long_nav_is_pruned_and_never_against_navigation_expand():
    short, long_ = nav_of(syllabus(60)), nav_of(syllabus(120))
    assert nav_pages(short) < 100 < nav_pages(long_)
    assert not prunes(short, [])
    assert prunes(long_, ["navigation.sections"])
    assert not prunes(long_, ["navigation.expand"]) and not prunes(long_, [PRUNE])


@pytest.fixture(scope="module")
def long_course(tmp_path_factory) -> Path:
    """A built course of 120 lectures (no notes, nothing to run)."""
    from syllabuild.plugin.build import build

    course = tmp_path_factory.mktemp("long-course")
    (course / "docs").mkdir()
    (course / "mkdocs.yml").write_text(
        "site_name: Long course\ntheme:\n  name: material\n  font: false\n"
        "  features: [navigation.sections, navigation.indexes]\nplugins:\n  - search\n  - syllabuild\n",
        encoding="utf-8")
    lectures = "\n".join(f"  - {{title: Topic {n}}}" for n in range(1, 121))
    (course / "syllabus.yaml").write_text(f"course: {{title: Long course}}\nlectures:\n{lectures}\n", encoding="utf-8")
    build(course / "mkdocs.yml")
    return course / "site"


def nav_links(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    primary = html[html.index('md-nav--primary'):html.index('<div class="md-content"')]
    return re.findall(r'<a href="([^"#]+)"[^>]*class="md-nav__link', primary)


def test_a_lecture_page_of_a_long_course_carries_its_groups_links_not_the_whole_course(long_course):
    links = nav_links(long_course / "lectures" / "55-topic-55" / "index.html")
    lectures = [link for link in links if link.startswith("../") and link[3:4].isdigit()]
    # Its own ten, one link to the first lecture of each other ten of its hundred, and of the other hundred.
    own = [f"../{n:02d}-topic-{n}/" for n in range(51, 61) if n != 55]
    others = [f"../{n:02d}-topic-{n}/" for n in (1, 11, 21, 31, 41, 61, 71, 81, 91, 101)]
    assert sorted(lectures) == sorted(own + others)
    assert len(links) < 30
    # The home page is in no group: one link per hundred.
    home = [link for link in nav_links(long_course / "index.html") if link.startswith("lectures/") and link[9:10].isdigit()]
    assert home == ["lectures/01-topic-1/", "lectures/101-topic-101/"]
