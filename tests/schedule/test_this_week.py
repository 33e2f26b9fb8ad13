""""This week" as the browser computes it: this-week.js run under Node at fixed clocks.

The dates come from the schedule page the renderer embeds, so the test covers what a reader
sees: the embedded moments and the script's reading of them.
"""

from __future__ import annotations

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

pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node.js to run the page script")


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
