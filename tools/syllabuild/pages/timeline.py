"""The dates a page embeds so the browser can say what is this week and what comes next.

A static site is built once a day at best; the script `this-week.js` reads these moments and
compares them with the reader's clock, so "next lecture" stays right between builds. Every
moment carries its UTC offset, computed here in the course time zone, so the week that
crosses a daylight-saving change still starts at local midnight. Titles, rooms and the script's
own words are in the page's language, so a Hebrew page says "this week" in Hebrew.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath

from syllabuild.i18n.messages import messages_for
from syllabuild.pages import text
from syllabuild.pages.units import unit_message
from syllabuild.schedule.dates import CourseCalendar
from syllabuild.syllabus.model import Syllabus

__all__ = ["SCRIPT_WORDS", "page_url", "relative_url", "timeline", "timeline_json"]

SCRIPT_WORDS = (
    "This week",
    "Week {week} of {weeks}.",
    "The term has not started yet.",
    "The term has ended.",
    "Now:",
    "Next lecture:",
    "Next deadline:",
    "Next exam:",
    "Lecture {number}",
    "Lecture {number}: {title}",
    "this week",
)
"""What `this-week.js` writes, as message ids of the catalogue; the page embeds their translations."""


def page_url(docs_path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to the site root (`lectures/01-intro/`)."""
    stem, _ = posixpath.splitext(docs_path)
    if not directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) == "index":
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/"


def relative_url(target: str, start: str) -> str:
    """Link from the page at URL `start` to URL `target`, both relative to the site root."""
    base = start if start.endswith("/") or not start else posixpath.dirname(start)
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return "./" if relative in (".", "./") else relative


def timeline(syllabus: Syllabus, page: str, *, directory_urls: bool = True, lecture_paths: dict[int, str],
             lang: str | None = None, assignment_paths: dict[str, str] | None = None) -> dict:
    """Weeks, lectures and deadlines of the course as plain data for the page at docs path `page`.

    Args:
        syllabus: the course as it may be shown (release-filtered).
        page: docs path of the page that embeds the data; links are made relative to it.
        directory_urls: MkDocs `use_directory_urls`.
        lecture_paths: lecture number -> docs path of its page, for the lectures that have one.
        lang: the page's language (titles, rooms and the script's words); default: the course's first.
        assignment_paths: assignment id -> docs path of its page, for the assignments that have one.
    """
    calendar = CourseCalendar.from_syllabus(syllabus)
    default = syllabus.course.languages[0]
    lang = lang or default
    messages = messages_for(lang)
    here = page_url(page, directory_urls)
    term = syllabus.meetings.term

    def iso(moment: dt.datetime) -> str:
        return moment.isoformat(timespec="minutes")

    lectures = []
    for entry in calendar.lectures:
        lecture = entry.lecture
        if entry.date is None or lecture.status == "dropped":
            continue
        timed = entry.start is not None
        start = calendar.at(entry.date, entry.start if timed else dt.time(0))
        end = calendar.at(entry.date, entry.end) if timed else calendar.at(entry.date + dt.timedelta(days=1), dt.time(0))
        item = {"number": lecture.number, "start": iso(start), "end": iso(end)}
        if lecture.status != "draft":
            item["title"] = text.localize(lecture.title, lang, default)
            if lecture.number in lecture_paths:
                item["url"] = relative_url(page_url(lecture_paths[lecture.number], directory_urls), here)
        if entry.room:
            item["room"] = text.localize(entry.room, lang, default)
        lectures.append(item)
    deadlines = []
    for a in sorted((a for a in syllabus.assignments if a.due), key=lambda a: calendar.aware(a.due)):
        item = {"title": text.localize(a.title, lang, default), "kind": a.kind, "due": iso(calendar.aware(a.due))}
        if assignment_paths and a.id in assignment_paths:
            item["url"] = relative_url(page_url(assignment_paths[a.id], directory_urls), here)
        deadlines.append(item)
    return {
        "timezone": calendar.timezone,
        "weeks": [{"week": week, "start": iso(start)} for week, start in calendar.week_starts(term.end if term else None)],
        "term_end": iso(calendar.at(term.end + dt.timedelta(days=1), dt.time(0))) if term else None,
        "lectures": sorted(lectures, key=lambda item: item["start"]),
        "deadlines": deadlines,
        # Keyed by the lecture's message ids, which the script knows, in the words of the course's unit.
        "words": {word: messages(unit_message(syllabus.course.unit, word)) for word in SCRIPT_WORDS},
    }


def timeline_json(data: dict) -> str:
    """`data` as JSON that is safe inside a `<script>` element of an HTML page."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
