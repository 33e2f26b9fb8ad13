"""The page renderer as pure functions: syllabus text in, page Markdown out (no MkDocs)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from syllabuild.pages import SiteContext, render_site
from syllabuild.syllabus import load_syllabus, parse_syllabus

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_course"


def pages_of(syllabus, **context) -> dict[str, str]:
    ctx = SiteContext(project_dir=FIXTURE, **context)
    return {page.path: page.markdown for page in render_site(syllabus, ctx)}


@pytest.fixture
def pages() -> dict[str, str]:
    return pages_of(load_syllabus(FIXTURE / "syllabus.yaml", root=FIXTURE))


def html(md: str) -> str:
    if md.startswith("---\n"):
        md = md.split("\n---\n", 1)[1]
    return markdown.markdown(md, extensions=["tables", "md_in_html", "attr_list", "pymdownx.tilde"])


def test_every_section_of_the_site_is_generated(pages):
    assert set(pages) == {
        "index.md", "weeks.md", "schedule.md", "lectures/index.md", "readings.md", "grading.md",
        "resources.md", "policies.md", "assignments/hw1.md",
        "lectures/01-perceptrons.md", "lectures/02-backpropagation.md",
        "lectures/03-pruning.md", "lectures/05-convolutions.md",
    }


def test_draft_lectures_are_not_built_anywhere(pages):
    assert all("Secret future lecture" not in text for text in pages.values())
    assert "lectures/04-secret-future-lecture.md" not in pages


def test_dates_follow_meetings_and_skip_holidays(pages):
    schedule = pages["schedule.md"]
    # Mondays from 3 March 2025; 17 March is a holiday; the dropped lecture takes no slot.
    assert "| 1 | Mon 3 Mar | Lecture 1 |" in schedule
    assert "| 2 | Mon 10 Mar | Lecture 2 |" in schedule
    assert "| 3 | Mon 17 Mar | No class | Spring holiday |" in schedule
    # A draft keeps its slot without revealing its title.
    assert "| 4 | Mon 24 Mar | Lecture 4 | *Details to come* |" in schedule
    assert "| 5 | Mon 31 Mar | Lecture 5 |" in schedule
    assert "10:15–11:45, Hall A" in schedule


def test_deadlines_appear_on_the_schedule(pages):
    assert "**[Homework 1](assignments/hw1.md)** at 23:59" in pages["schedule.md"]


def test_dropped_lecture_is_struck_through_with_its_note(pages):
    assert "~~[Pruning](lectures/03-pruning.md)~~" in pages["schedule.md"]
    assert "~~Lecture 3: Pruning~~" in pages["lectures/03-pruning.md"]
    assert "Not this term." in pages["lectures/03-pruning.md"]


def test_lecture_page_shows_recordings_with_mirrors_and_notes(pages):
    page = pages["lectures/02-backpropagation.md"]
    assert "[watch](https://video.example.org/2) · [mirror 1](https://mirror.example.org/2)" in page
    assert "    - Forward pass" in page


def test_citation_links_to_the_bibliography_entry(pages):
    lecture = pages["lectures/01-perceptrons.md"]
    assert "[\\[BB\\]](../readings.md#bib-bb)" in lecture
    assert "Chapter 5, Sections 5.1–5.2" in lecture
    readings = html(pages["readings.md"])
    assert 'id="bib-bb"' in readings
    assert readings.count("Pattern Recognition and Machine Learning") >= 2  # cited and listed once


def test_readings_page_has_legend_and_groups_by_type(pages):
    readings = pages["readings.md"]
    assert "**Legend:**" in readings and "Interactive visualization" in readings
    assert ":material-file-document-outline: Paper" in readings
    assert "[The perceptron](https://example.org/perceptron.pdf)" in readings


def test_grading_has_one_list_per_scheme_with_bonus_and_conditions(pages):
    grading = pages["grading.md"]
    assert "## Standard" in grading and "## Without homework" in grading
    assert "- **Homework** — **40%**\n\n    Conditions: must pass the final exam\n" in grading
    assert "- **Quizzes** *(bonus)* — **+5%**" in grading
    assert "Failing the exam means failing the course." in grading


def test_home_shows_staff_meetings_and_links(pages):
    home = pages["index.md"]
    assert "[ada@example.edu](mailto:ada@example.edu)" in home
    assert "- **Lecture** — Monday, 10:15–11:45 · Hall A · With Ada Lovelace\n" in home
    assert "[Moodle](https://lms.example.edu/course/1)" in home


def test_text_from_yaml_is_escaped():
    syllabus = parse_syllabus(
        "course: {title: '<script>alert(1)</script>', description: 'Hello <img src=x onerror=alert(1)> **bold**'}\n"
        "lectures: [{number: 1, title: '<b>Bold</b> [link](javascript:x)'}]\n"
    )
    pages = pages_of(syllabus)
    home = html(pages["index.md"])
    assert "<script>" not in home and "&lt;script&gt;alert(1)&lt;/script&gt;" in home
    assert "<img" not in home and "<strong>bold</strong>" in home
    lecture = html(pages["lectures/01-b-bold-b-link-javascript-x.md"])
    assert "<b>" not in lecture and 'href="javascript' not in lecture


def test_adding_a_lecture_to_the_yaml_shows_it_everywhere():
    base = (FIXTURE / "syllabus.yaml").read_text()
    added = base.replace(
        "assignments:",
        "  - number: 6\n    title: Attention\n    readings:\n      - {type: video, title: Attention explained, url: 'https://v.example.org/att'}\nassignments:",
    )
    pages = pages_of(parse_syllabus(added))
    assert "lectures/06-attention.md" in pages
    assert "[Attention](lectures/06-attention.md)" in pages["schedule.md"]
    assert "[Attention](../lectures/06-attention.md)" in pages["lectures/index.md"].replace("(06-attention.md)", "(../lectures/06-attention.md)")
    assert "Attention explained" in pages["readings.md"]
    assert "# Lecture 6: Attention" in pages["lectures/06-attention.md"]


def test_serve_problems_are_shown_on_every_page():
    syllabus = load_syllabus(FIXTURE / "syllabus.yaml")
    pages = pages_of(syllabus, problems=("syllabus.yaml:3:9: course.code: expected text, got a list",))
    assert all("course.code: expected text" in text for text in pages.values())
