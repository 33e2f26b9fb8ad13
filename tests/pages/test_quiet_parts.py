"""Parts of the site with nothing to say stay out: no empty boxes, no TBAs, no dangling colons."""

from __future__ import annotations

from pathlib import Path

import markdown
from syllabuild.pages import SiteContext, render_site
from syllabuild.syllabus import parse_syllabus

# A reading group: no term, no meetings, no deadlines; a summary in Markdown.
UNDATED = """\
course: {title: Reading group}
lectures:
  - title: Attention
    summary: "Read **the paper** | then [discuss it](https://forum.example.org)."
    exercises: [{title: Think about it}]
  - title: Transformers
"""


def pages_of(text: str) -> dict[str, str]:
    context = SiteContext(project_dir=Path("."))
    return {page.path: page.markdown for page in render_site(parse_syllabus(text), context)}


def html(md: str) -> str:
    return markdown.markdown(md.split("\n---\n", 1)[1], extensions=["tables", "md_in_html", "attr_list"])


def test_a_course_without_dates_has_no_this_week_box_feed_link_or_schedule():
    pages = pages_of(UNDATED)
    assert "schedule.md" not in pages
    everything = "\n".join(pages.values())
    assert 'id="whats-next"' not in everything and 'id="sb-dates"' not in everything
    assert "calendar.ics" not in everything and "Subscribe" not in everything
    assert "TBA" not in everything


def test_the_lectures_index_shows_only_what_someone_filled_and_renders_markdown():
    index = pages_of(UNDATED)["lectures/index.md"]
    assert "TBA" not in index and "Hours" not in index
    summary = '<p>Read <strong>the paper</strong> | then <a href="https://forum.example.org">discuss it</a>.</p>'
    assert summary in html(index)  # the | of the text stays text


def test_an_exercise_without_links_has_no_colon():
    page = pages_of(UNDATED)["lectures/01-attention.md"]
    assert "- :material-pencil-outline: **Think about it**\n" in page


def test_a_dated_course_keeps_its_box_feed_link_and_date_column():
    pages = pages_of(
        "course: {title: X}\n"
        "meetings:\n  term: {start: 2025-03-03, end: 2025-04-30}\n"
        "  weekly: [{kind: lecture, weekday: Mon, start: 10:15, end: 11:45}]\n"
        "lectures: [{title: One, hours: 2}]\n"
    )
    assert 'id="whats-next"' in pages["index.md"] and "(calendar.ics){ .sb-subscribe }" in pages["schedule.md"]
    assert "- **1. [One](01-one.md)** — Mon 3 Mar · Hours: 2\n" in pages["lectures/index.md"]


def test_a_term_with_nothing_to_attend_offers_no_feed():
    # The weeks still tell students where the term is; a calendar with no event is not worth subscribing to.
    pages = pages_of("course: {title: X}\nmeetings:\n  term: {start: 2025-03-03, end: 2025-04-30}\nlectures: [{title: One}]\n")
    assert 'id="whats-next"' in pages["schedule.md"]
    assert "calendar.ics" not in "\n".join(pages.values())
