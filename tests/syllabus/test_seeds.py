"""Every reference course page can be expressed: the sample course and the reading-list fixture."""

from __future__ import annotations

from pathlib import Path

from syllabuild.pages import SiteContext, render_site
from syllabuild.pages.site import all_readings
from syllabuild.syllabus import load_syllabus

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def test_reading_list_with_tags_nesting_and_cross_references():
    syllabus = load_syllabus(SEEDS / "reading_list.yaml")
    pages = {p.path: p.markdown for p in render_site(syllabus, SiteContext(project_dir=SEEDS))}
    resources = pages["resources.md"]
    # a bare link shows its URL; nested items are indented under their parent
    assert "[https://github.com/ChristosChristofidis/awesome-deep-learning](https://github.com/ChristosChristofidis/awesome-deep-learning)" in resources
    assert "        - [Lecture 13: ML Teams and Startups](https://fullstackdeeplearning.com/spring2021/lecture-13/)" in resources
    assert "`TALK`" in resources and "· [Part II](https://www.youtube.com/watch?v=PDPdIDihPvc)" in resources
    assert "See also: [Books](#books), [Courses](#courses)." in resources


def test_sample_course_expresses_the_course_home_and_syllabus_pages():
    syllabus = load_syllabus(ROOT / "syllabus.yaml", root=ROOT)
    lecture1 = syllabus.lectures[0]
    assert len(lecture1.recordings[0].mirrors) == 2  # recording with a mirror
    kinds = {r.type for lecture in syllabus.lectures for r in all_readings(lecture) if hasattr(r, "type")}
    assert {"interactive", "visualization", "video", "paper", "article", "book"} <= kinds
    assert any(lecture.status == "dropped" and lecture.note for lecture in syllabus.lectures)
    assert all(lecture.hours for lecture in syllabus.lectures)
    assert syllabus.grading.rules and any(c.conditions for c in syllabus.grading.schemes[0].components)
    assert {link.kind for link in syllabus.course.links} >= {"lms", "course-plan", "forum"}
