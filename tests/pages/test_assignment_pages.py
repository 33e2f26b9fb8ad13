"""Assignments as pages of their own, hidden until their release like the rest of the course."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from course_with_assignments import pages_at


def test_an_assignment_page_has_its_links_moments_weight_and_lectures():
    page = pages_at()["assignments/hw1.md"]
    assert "# Homework 1" in page
    assert "**Released:** Sun 2 Mar 2025, 12:00" in page
    assert "**Due:** Thu 13 Mar 2025, 23:59 (Asia/Jerusalem)" in page
    assert "**Weight:** 30% (Homework · Standard)" in page  # the grading component named after its kind
    assert "**Lectures:** [1. Perceptrons](../lectures/01-perceptrons.md)" in page
    assert "[download](https://example.org/hw1.zip)" in page
    assert "[hand it in](https://submit.example.org/hw1)" in page
    assert "Train a *perceptron*." in page


def test_the_assignment_is_linked_from_the_week_the_schedule_and_the_grading_page():
    pages = pages_at()
    assert "[Homework 1](assignments/hw1.md)" in pages["weeks.md"]
    assert "[Homework 1](assignments/hw1.md)" in pages["schedule.md"]
    assert "[Homework 1](assignments/hw1.md)" in pages["grading.md"]


def test_the_assignment_page_is_in_the_language_of_its_edition():
    page = pages_at(lang="he")["assignments/hw1.md"]
    assert "**משקל:** 30% (Homework · Standard)" in page and "**מועד הגשה:**" in page


def test_an_unreleased_assignment_has_no_page_and_no_link_anywhere():
    pages = pages_at()
    assert "assignments/proj.md" not in pages
    for path, text in pages.items():
        assert "assignments/proj" not in text, path
        assert "secret-project" not in text and "The secret brief" not in text, path
    # Its due date stays on the schedule, without a link, as before.
    assert "**Final project** at 23:59" in pages["schedule.md"]


def test_the_assignment_page_appears_at_its_release():
    released = pages_at(dt.datetime(2025, 3, 20, 9, 0, tzinfo=ZoneInfo("Asia/Jerusalem")))
    assert "**Weight:** 70% (Project · Standard)" in released["assignments/proj.md"]
    assert "[Final project](assignments/proj.md)" in released["weeks.md"]


def test_this_week_links_the_next_deadline_to_its_assignment_page():
    import json
    import re

    home = pages_at()["index.md"]
    data = json.loads(re.search(r'<script type="application/json" id="sb-dates">(.*?)</script>', home).group(1))
    deadlines = {item["title"]: item for item in data["deadlines"]}
    assert deadlines["Homework 1"]["url"] == "assignments/hw1/"  # what this-week.js links
    assert not any("proj" in item.get("url", "") for item in data["deadlines"])  # unreleased: no page, no link
