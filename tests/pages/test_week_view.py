"""The week view: one card per week of the term with what happens in it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from course_with_assignments import pages_at


def card(page: str, week: int) -> str:
    """The Markdown of one week's card."""
    match = re.search(rf'<details class="sb-week[^"]*" id="week-{week}".*?</details>', page, re.S)
    assert match, f"no card for week {week}"
    return match.group(0)


def test_the_week_view_comes_right_after_home_in_both_languages():
    for lang, title in (("en", "Week by week"), ("he", "שבוע אחר שבוע")):
        pages = pages_at(lang=lang)
        assert list(pages)[:2] == ["index.md", "weeks.md"]
        assert f"# {title}" in pages["weeks.md"]
        assert "(weeks.md)" in pages["index.md"]  # the prominent link from home


def test_each_week_holds_its_lectures_tutorials_and_deadlines_with_times_and_rooms():
    weeks = pages_at()["weeks.md"]
    first, second = card(weeks, 1), card(weeks, 2)
    assert "Week 1" in first and "Sun 2 Mar – Sat 8 Mar" in first
    assert "**Lecture 1** · Sun 2 Mar, 10:30–12:30, Meyer 352 — [Perceptrons](lectures/01-perceptrons.md)" in first
    assert "**Tutorial 1** · Tue 4 Mar, 14:30–15:30, Taub 4" in first
    assert "**Released** · Sun 2 Mar — [Homework 1](assignments/hw1.md)" in first
    assert "**Lecture 2** · Sun 9 Mar" in second and "Lecture 1" not in second
    assert "**Due** · Thu 13 Mar, 23:59 — [Homework 1](assignments/hw1.md)" in second


def test_a_lecture_card_lists_topics_slides_recordings_and_notebooks():
    first = card(pages_at()["weeks.md"], 1)
    assert "**Topics:** Linear separability" in first
    assert "[Slides](https://example.org/1.pdf)" in first
    assert "[watch](https://video.example.org/1)" in first
    assert "**First steps:** [notebook](https://example.org/nb1.ipynb)" in first


def test_the_week_of_the_build_is_open_and_past_weeks_are_folded():
    weeks = pages_at()["weeks.md"]
    assert re.search(r'<details class="sb-week" id="week-2" data-week="2" open', weeks)
    assert '<details class="sb-week sb-week-past" id="week-1" data-week="1" markdown>' in weeks
    assert '<details class="sb-week" id="week-3" data-week="3" markdown>' in weeks


def test_the_countdown_data_links_the_next_deadline_to_its_page():
    weeks = pages_at()["weeks.md"]
    data = re.search(r'<script type="application/json" id="sb-week-data">(.*?)</script>', weeks).group(1)
    assert '"url":"../assignments/hw1/"' in data and '"due":"2025-03-13T23:59+02:00"' in data
    assert 'id="sb-countdown"' in weeks and 'id="sb-dates"' in weeks


# -- week.js, the part that runs without a page (in Node) ---------------------------------------
SCRIPT = Path(__file__).resolve().parents[2] / "tools/syllabuild/theme/assets/syllabuild/week.js"


def script_at(moments: list[str], page: str) -> list[dict]:
    """The week the script opens and the deadline it counts down to, at each moment."""
    node = shutil.which("node")
    if node is None:  # never a silent skip: .ci/run installs npm, which brings Node.js
        pytest.fail("the week-view script tests need Node.js: install nodejs (or npm)", pytrace=False)
    dates = re.search(r'id="sb-dates">(.*?)</script>', page).group(1)
    data = re.search(r'id="sb-week-data">(.*?)</script>', page).group(1)
    program = (
        f"const w = require({json.dumps(str(SCRIPT))}); const dates = {dates}; const data = {data};"
        f"const moments = {json.dumps(moments)};"
        "console.log(JSON.stringify(moments.map(m => { const now = new Date(m).getTime();"
        " const next = w.nextDeadline(data, now);"
        " return {week: w.currentWeek(dates, now), deadline: next && next.title,"
        "         left: next && w.remaining(data, new Date(next.due).getTime() - now)}; })));"
    )
    result = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_the_script_opens_the_week_of_the_course_clock_and_counts_down_in_the_page_language():
    english, hebrew = pages_at()["weeks.md"], pages_at(lang="he")["weeks.md"]
    before, sunday, countdown, after = script_at(
        ["2025-03-01T23:59+02:00", "2025-03-09T00:00+02:00", "2025-03-13T21:29+02:00", "2025-03-29T12:00+03:00"], english)
    assert before == {"week": None, "deadline": "Homework 1", "left": "12 d 0 h"}
    assert sunday["week"] == 2  # local midnight in the course time zone starts the week
    assert countdown == {"week": 2, "deadline": "Homework 1", "left": "2 h 30 min"}
    assert after["week"] is None and after["deadline"] is None  # the term is over
    assert script_at(["2025-03-13T21:29+02:00"], hebrew)[0]["left"] == "2 שעות ו־30 דקות"
