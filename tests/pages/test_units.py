"""What a course calls its units (`course.unit`), on its pages and in its nav, in English and Hebrew."""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabuild.pages import SiteContext, render_site
from syllabuild.syllabus import parse_syllabus

# unit: (lang, heading of a dropped unit's page, its note, the nav section) per language
UNITS = {
    "lecture": [("en", "Lecture 2: Optimization", "This lecture is not part", "Lectures"),
                ("he", "הרצאה 2: Optimization", "הרצאה זו אינה חלק", "הרצאות")],
    "day": [("en", "Day 2: Optimization", "This day is not part", "Days"), ("he", "יום 2: Optimization", "יום זה אינו חלק", "ימים")],
    "week": [("en", "Week 2: Optimization", "This week is not part", "Weeks"),
             ("he", "שבוע 2: Optimization", "שבוע זה אינו חלק", "שבועות")],
    "session": [("en", "Session 2: Optimization", "This session is not part", "Sessions"),
                ("he", "מפגש 2: Optimization", "מפגש זה אינו חלק", "מפגשים")],
    "unit": [("en", "Unit 2: Optimization", "This unit is not part", "Units"),
             ("he", "יחידה 2: Optimization", "יחידה זו אינה חלק", "יחידות")],
}


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_names_pages_and_nav_in_english_and_hebrew(unit):
    syllabus = parse_syllabus(
        f"course: {{title: X, languages: [en, he], unit: {unit}}}\n"
        "lectures: [{title: Intro}, {title: Optimization, status: dropped}]\n"
    )
    for lang, heading, note, section in UNITS[unit]:
        context = SiteContext(project_dir=Path("."), lang=lang)
        pages = {page.path: page for page in render_site(syllabus, context)}
        dropped = pages["lectures/02-optimization.md"]
        assert f"# ~~{heading}~~" in dropped.markdown and note in dropped.markdown
        assert dropped.section == pages["lectures/index.md"].title == section
