"""A small course with tutorials, released and unreleased assignments, shown at a fixed moment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from syllabuild.pages import SiteContext, render_site
from syllabuild.schedule import visible_at
from syllabuild.schedule.release import ReleasePolicy
from syllabuild.syllabus import parse_syllabus

COURSE = """\
course:
  title: Networks
  languages: [en, he]
meetings:
  timezone: Asia/Jerusalem
  term: {start: 2025-03-02, end: 2025-03-27}
  weekly:
    - {kind: lecture, weekday: sunday, start: "10:30", end: "12:30", room: Meyer 352}
    - {kind: tutorial, weekday: tuesday, start: "14:30", end: "15:30", room: Taub 4}
grading:
  schemes:
    - name: Standard
      components:
        - {name: Homework, weight: 30}
        - {name: Project, weight: 70}
lectures:
  - number: 1
    title: Perceptrons
    topics: [Linear separability]
    slides: ["https://example.org/1.pdf"]
    recordings: ["https://video.example.org/1"]
    exercises:
      - {title: First steps, notebook: "https://example.org/nb1.ipynb"}
  - number: 2
    title: Backpropagation
assignments:
  - id: hw1
    kind: homework
    title: Homework 1
    release: 2025-03-02T12:00
    due: 2025-03-13T23:59
    description: Train a *perceptron*.
    handout: "https://example.org/hw1.zip"
    submit: "https://submit.example.org/hw1"
    lectures: [1]
  - id: proj
    kind: project
    title: Final project
    release: 2025-03-20T09:00
    due: 2025-03-27T23:59
    url: "https://example.org/secret-project.pdf"
    description: The secret brief.
"""

NOW = dt.datetime(2025, 3, 11, 12, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
"""Week 2: after the first homework is out, before the project is."""


def pages_at(now: dt.datetime = NOW, lang: str = "en") -> dict[str, str]:
    syllabus = visible_at(parse_syllabus(COURSE), ReleasePolicy(now, ZoneInfo("Asia/Jerusalem")))
    context = SiteContext(project_dir=Path("."), lang=lang, now=now)
    return {page.path: page.markdown for page in render_site(syllabus, context)}
