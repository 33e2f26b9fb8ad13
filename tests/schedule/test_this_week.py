""""This week" as the browser computes it: this-week.js run under Node at fixed clocks.

The dates come from the schedule page the renderer embeds, so the test covers what a reader
sees: the embedded moments and the script's reading of them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from course_clock import COURSE, berlin

from syllabuild.pages import SiteContext, render_site

SCRIPT = Path(__file__).resolve().parents[2] / "tools/syllabuild/theme/assets/syllabuild/this-week.js"
NODE = shutil.which("node")

if NODE is None:  # never a silent skip: .ci/run installs npm, which brings Node.js
    pytest.fail("the this-week tests run the page script in Node.js: install nodejs (or npm)", pytrace=False)


def embedded_dates(syllabus, page: str = "schedule.md") -> dict:
    pages = {p.path: p.markdown for p in render_site(syllabus, SiteContext(project_dir=COURSE))}
    found = re.search(r'<script type="application/json" id="sb-dates">(.*?)</script>', pages[page])
    return json.loads(found.group(1))


def summaries(data: dict, moments) -> list[dict]:
    """What the script concludes at each moment (one Node process for all of them)."""
    program = (
        f"const week = require({json.dumps(str(SCRIPT))});"
        f"const data = {json.dumps(data)};"
        f"const moments = {json.dumps([m.isoformat() for m in moments])};"
        "console.log(JSON.stringify(moments.map(m => week.summary(data, new Date(m).getTime()))));"
    )
    result = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_week_next_lecture_and_deadline_over_the_term(syllabus):
    data = embedded_dates(syllabus)
    moments = [
        berlin(2024, 3, 17, 23, 59),  # the evening before the term
        berlin(2024, 3, 18, 0, 0),    # the first minute of the term
        berlin(2024, 3, 18, 11, 0),   # during lecture 1
        berlin(2024, 3, 31, 23, 30),  # Sunday night after the clocks went forward
        berlin(2024, 4, 1, 0, 30),    # Easter Monday, half an hour into week 3
        berlin(2024, 4, 3, 0, 0),     # the day after homework 1 was due
        berlin(2024, 4, 27, 0, 0),    # the day after the term
    ]
    got = summaries(data, moments)
    assert [s["week"] for s in got] == [None, 1, 1, 2, 3, 3, None]
    assert [s["before"] for s in got] == [True] + [False] * 6
    assert got[-1]["ended"] is True
    assert [s["lecture"] and s["lecture"]["number"] for s in got] == [1, 1, 1, 3, 3, 3, None]
    assert got[2]["lectureNow"] is True and got[1]["lectureNow"] is False
    assert [s["deadline"]["title"] for s in got] == ["Homework 1"] * 5 + ["Final exam"] * 2


def test_embedded_links_lead_to_the_lecture_pages(syllabus):
    schedule = embedded_dates(syllabus, "schedule.md")
    home = embedded_dates(syllabus, "index.md")
    assert schedule["lectures"][0]["url"] == "../lectures/01-clocks/"
    assert home["lectures"][0]["url"] == "lectures/01-clocks/"
    assert schedule["weeks"][2] == {"week": 3, "start": "2024-04-01T00:00+02:00"}


SAMPLE = Path(__file__).resolve().parents[2]


def views(data: dict, moments, lang: str) -> list[dict]:
    """What the box shows at each moment: heading, items and the schedule badge, in `lang`."""
    program = (
        f"const week = require({json.dumps(str(SCRIPT))});"
        f"const data = {json.dumps(data)};"
        f"const moments = {json.dumps([m.isoformat() for m in moments])};"
        f"console.log(JSON.stringify(moments.map(m => week.describe(data, week.summary(data, new Date(m).getTime()), {json.dumps(lang)}))));"
    )
    result = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, dict[str, str]]:
    from syllabuild.syllabus import load_syllabus

    course = load_syllabus(SAMPLE / "syllabus.yaml", root=SAMPLE)
    return {lang: {p.path: p.markdown for p in render_site(course, SiteContext(project_dir=SAMPLE, lang=lang))}
            for lang in ("en", "he")}


def sample_dates(pages: dict[str, str], page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="sb-dates">(.*?)</script>', pages[page]).group(1))


def test_the_hebrew_box_speaks_hebrew_with_hebrew_titles(sample_pages):
    jerusalem = dt.timezone(dt.timedelta(hours=2))
    moments = [dt.datetime(2024, 1, 1, 9, 0, tzinfo=jerusalem), dt.datetime(2024, 1, 3, 9, 0, tzinfo=jerusalem),
               dt.datetime(2024, 3, 27, 9, 0, tzinfo=jerusalem)]
    before, week_1, after = views(sample_dates(sample_pages["he"], "schedule.md"), moments, "he")
    assert before["heading"] == "השבוע" and week_1["badge"] == "השבוע"
    assert before["items"][0]["text"] == "הסמסטר עוד לא התחיל."
    assert week_1["items"][0]["text"] == "שבוע 1 מתוך 13."
    lecture = week_1["items"][1]
    assert lecture["label"] == "ההרצאה הבאה:"
    assert lecture["text"] == "הרצאה 2: אופטימיזציה"
    assert lecture["url"] == "../lectures/02-optimization/"  # inside he/, beside the Hebrew schedule
    assert lecture["details"][1] == "Meyer 352"
    assert week_1["items"][2]["label"] == "ההגשה הבאה:"
    assert after["items"][0]["text"] == "הסמסטר הסתיים."


def test_the_english_box_keeps_english_words_and_titles(sample_pages):
    week_1 = views(sample_dates(sample_pages["en"], "index.md"), [dt.datetime(2024, 1, 3, 7, 0, tzinfo=dt.timezone.utc)], "en")[0]
    assert week_1["heading"] == "This week"
    assert [item["label"] for item in week_1["items"]] == [None, "Next lecture:", "Next deadline:"]
    assert week_1["items"][0]["text"] == "Week 1 of 13."
    assert week_1["items"][1]["text"] == "Lecture 2: Optimization"
    assert "Jan" in week_1["items"][1]["details"][0] and "10:30" in week_1["items"][1]["details"][0]
