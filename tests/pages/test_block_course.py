"""A block course as its staff write it (tests/fixtures/block_course), as students see it.

Days instead of lectures, some mornings and some afternoons, a day with its own hours, readings
with labels and short names, exercises with any number of links released one by one. The site
is generated whole (pages of both languages, nav, calendar, notebook pages), so that what is
hidden is checked to be absent from every file, not only from one page.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from syllabuild.project import load_project
from syllabuild.site.pipeline import run_pipeline

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "block_course"
SHOWN_AT = "2025-01-15T12:00"  # after day 2; before the solution (21 Jan) and the secret exercise (1 Feb)


def generate(tmp_path: Path, now: str) -> dict[str, str]:
    """Every text file of the generated tree, by its path (`en/schedule.md`, `tree.json`)."""
    project_dir = tmp_path / now.replace(":", "")
    shutil.copytree(COURSE, project_dir)
    project = load_project(project_dir / "mkdocs.yml").with_settings(snippets={"execute": False})
    root = run_pipeline(project, now=now).tree.root
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*")) if path.is_file() and path.suffix in {".md", ".ics", ".json", ".ipynb"}
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    return generate(tmp_path_factory.mktemp("block"), SHOWN_AT)


def events(site) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(site["en/calendar.ics"])
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def nav_titles(site, lang: str) -> list[str]:
    edition = next(e for e in json.loads(site["tree.json"])["editions"] if e["lang"] == lang)
    return [title for item in edition["nav"] if isinstance(item, dict) for title in item]


# -- sessions with their own times -------------------------------------------------------------
def test_each_day_shows_its_own_hours_on_its_page(site):
    # Afternoon by default, the morning where the day picks it, and a day with hours of its own.
    assert "**Date:** Tue 7 Jan 2025, 13:30–17:00, Hall 1 (week 1)" in site["en/lectures/01-motivation.md"]
    assert "**Date:** Tue 14 Jan 2025, 09:00–12:30, Hall 2 (week 2)" in site["en/lectures/02-optimization.md"]
    # 21 January is exam week: day 3 moves to the next Tuesday, at its own hours and room.
    assert "**Date:** Tue 28 Jan 2025, 14:00–18:00, Hall 3 (week 4)" in site["en/lectures/03-convolutions.md"]
    assert "**Date:** Tue 4 Feb 2025, 09:00–12:30, Hall 2 (week 5)" in site["en/lectures/04-attention.md"]


def test_the_schedule_lists_each_day_at_its_hours_and_both_tutorial_groups(site):
    schedule = site["en/schedule.md"]
    assert "| 1 | Tue 7 Jan | Day 1 | [Motivation](lectures/01-motivation.md) · 13:30–17:00, Hall 1 |" in schedule
    assert "| 2 | Tue 14 Jan | Day 2 | [Optimization](lectures/02-optimization.md) · 09:00–12:30, Hall 2 |" in schedule
    assert "| 4 | Tue 28 Jan | Day 3 | [Convolutions](lectures/03-convolutions.md) · 14:00–18:00, Hall 3 |" in schedule
    assert "| 1 | Wed 8 Jan | Tutorial 1 (Group A) | 10:00–11:00, Lab A |" in schedule
    assert "| 1 | Wed 8 Jan | Tutorial 1 (Group B) | 10:00–11:00, Lab B |" in schedule
    assert "- **Tutorial (Group A)** — Wednesday, 10:00–11:00 · Lab A · With Alan Turing\n" in site["en/index.md"]


def test_calendar_events_of_days_have_their_hours_not_the_whole_day(site):
    by_summary = events(site)
    day_2 = by_summary["Deep Learning Block Course: Day 2: Optimization"]
    day_3 = by_summary["Deep Learning Block Course: Day 3: Convolutions"]
    assert (day_2.decoded("DTSTART").hour, day_2.decoded("DTEND").hour, day_2.decoded("DTEND").minute) == (9, 12, 30)
    assert day_3.decoded("DTSTART").strftime("%Y-%m-%d %H:%M %Z") == "2025-01-28 14:00 IST"
    assert str(day_3["LOCATION"]) == "Hall 3"
    assert {str(e["UID"]) for e in by_summary.values() if "Tutorial 1 " in str(e["SUMMARY"])} == {
        "097200-deep-learning-block-course-winter-2025-tutorial-group-a-20250108-1000@syllabuild",
        "097200-deep-learning-block-course-winter-2025-tutorial-group-b-20250108-1000@syllabuild",
    }


def test_the_unit_is_named_in_titles_nav_and_script_words_in_both_languages(site):
    assert "# Day 2: Optimization" in site["en/lectures/02-optimization.md"]
    assert "# יום 2: Optimization" in site["he/lectures/02-optimization.md"]
    assert nav_titles(site, "en")[3] == "Days" and nav_titles(site, "he")[3] == "ימים"
    assert site["en/lectures/index.md"].startswith('---\ntitle: "Days"\n')
    assert '"Next lecture:":"Next day:"' in site["en/index.md"]
    assert '"Next lecture:":"היום הבא:"' in site["he/index.md"]
    pages = "\n".join(text for path, text in site.items() if path.endswith(".md"))
    assert not re.search(r"Lecture \d|By lecture|Lectures|הרצאה \d", pages)
    assert "SUMMARY:Deep Learning Block Course: Day 1: Motivation" in site["en/calendar.ics"]


# -- readings as people write them -------------------------------------------------------------
def test_readings_keep_their_labels_locators_and_short_names(site):
    day_1 = site["en/lectures/01-motivation.md"]
    assert "*Motivation:* [\\[BB\\]](../readings.md#bib-bb) *Deep Learning*, Chapter 1" in day_1
    assert "[\\[UDL\\]](../readings.md#bib-udl) *Understanding Deep Learning*, Chapters 1–2" in day_1
    assert "- **The history of the perceptron, from the lecture**" in day_1
    assert "[Adam](https://arxiv.org/abs/1412.6980), Section 2 — Diederik Kingma, Jimmy Ba (2015)" in site["en/lectures/02-optimization.md"]
    readings = site["en/readings.md"]
    assert "**[UDL]** *Understanding Deep Learning*." in readings
    assert readings.count("*Motivation:* [\\[BB\\]]") == 2  # by day and by type


def test_the_list_by_type_names_the_day_of_each_reading(site):
    by_type = site["en/readings.md"].split('=== "By type"')[1]
    assert "*Deep Learning*, Chapter 1 — [Day 1](lectures/01-motivation.md)" in by_type
    assert "Section 2 — Diederik Kingma, Jimmy Ba (2015) — [Day 2](lectures/02-optimization.md)" in by_type
    assert "### Other\n\n    - [\\[UDL\\]]" in by_type  # readings of no type come last


def test_a_relative_link_is_a_page_of_docs_on_every_page(site):
    # Written once as setup/anaconda.md; each page links to the same file.
    assert "[Setting up Anaconda](../setup/anaconda.md)" in site["en/lectures/01-motivation.md"]
    assert "[Setting up Anaconda](setup/anaconda.md)" in site["en/readings.md"]
    assert "**Environment check:** [link](../setup/anaconda.md)" in site["en/lectures/01-motivation.md"]
    assert "**Notes:** [read](../notes/day2.pdf)" in site["en/lectures/02-optimization.md"]


# -- exercises as they come --------------------------------------------------------------------
def test_exercise_links_carry_their_labels_and_an_exercise_without_links_no_colon(site):
    day_2 = site["en/lectures/02-optimization.md"]
    assert "- :material-pencil-outline: **CNN tutorial:** [CNN notebook](../notebooks/cnn.md)\n" in day_2
    assert "- :material-pencil-outline: **Reading quiz**\n" in day_2
    assert "en/notebooks/cnn.md" in site


def test_hidden_links_and_exercises_are_absent_from_every_generated_file(site):
    everything = "\n".join(site.values())
    for hidden in ("possible solution", "cnn-solution", "data overview", "data-overview", "Secret exercise", "secret.example.org"):
        assert hidden not in everything, hidden


def test_each_link_and_exercise_appears_at_its_own_release(tmp_path):
    later = generate(tmp_path, "2025-02-01T00:00")
    day_2 = later["en/lectures/02-optimization.md"]
    assert "[CNN notebook](../notebooks/cnn.md) · [possible solution](../notebooks/cnn-solution.md)" in day_2
    assert "**Secret exercise:** [link](https://secret.example.org/exercise)" in day_2
    assert "en/notebooks/cnn-solution.md" in later
    # A draft stays out however late: no link, and its notebook in lectures/ is no page either.
    everything = "\n".join(later.values())
    assert "data overview" not in everything and "data-overview" not in everything
