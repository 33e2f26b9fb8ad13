"""One time format per language: the "this week" box writes times as the pages do (24-hour)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from syllabuild.pages import SiteContext, render_site
from syllabuild.syllabus import parse_syllabus

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "syllabuild" / "theme" / "assets" / "syllabuild" / "this-week.js"
NODE = shutil.which("node")

COURSE = """\
course: {title: Afternoons, languages: [en, he]}
meetings:
  timezone: Asia/Jerusalem
  term: {start: 2025-03-02, end: 2025-04-30}
  weekly: [{kind: lecture, weekday: Sun, start: 14:30, end: 16:00}]
lectures: [{title: One}, {title: Two}]
"""


def box_details(lang: str) -> list[str]:
    """The details the box lists on the Saturday before the first lecture, in `lang`."""
    if NODE is None:
        pytest.fail("the this-week script runs in Node.js here: install nodejs", pytrace=False)
    pages = {p.path: p.markdown for p in render_site(parse_syllabus(COURSE), SiteContext(project_dir=Path("."), lang=lang))}
    found = re.search(r'<script type="application/json" id="sb-dates">(.*?)</script>', pages["index.md"])
    moment = dt.datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Asia/Jerusalem")).isoformat()
    program = (
        f"const week = require({json.dumps(str(SCRIPT))});"
        f"const data = {found.group(1)};"
        f"const view = week.describe(data, week.summary(data, new Date({json.dumps(moment)}).getTime()), {json.dumps(lang)});"
        "console.log(JSON.stringify(view.items.flatMap(item => item.details || [])));"
    )
    result = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_this_week_box_writes_times_in_24_hours_like_the_pages(lang):
    details = " ".join(box_details(lang))
    assert "14:30" in details, details
    assert not re.search(r"\b(AM|PM)\b|2:30", details.replace("14:30", ""))
