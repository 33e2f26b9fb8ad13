"""The course calendar as an iCalendar feed (RFC 5545): lectures, sessions, deadlines, exams.

UIDs are built from the course and what the event is (lecture 3, hw2's deadline, the tutorial
of 9 January), never from its date or title where avoidable, so re-importing or refreshing a
subscription updates events instead of duplicating them.

DTSTAMP is the start (UTC) of the day the site shows, not the build's clock: a feed without
METHOD uses DTSTAMP for "when the information was last revised" (RFC 5545, 3.8.7.2), which a
daily build states to the day, and two builds of the same day give the same bytes, so a deploy
or a subscriber's refresh sees no change where there is none.
"""

from __future__ import annotations

import datetime as dt
import posixpath

import icalendar

from syllabuild.i18n.messages import messages_for
from syllabuild.pages import text
from syllabuild.pages.site import lecture_path
from syllabuild.pages.units import unit_message
from syllabuild.schedule.dates import CourseCalendar
from syllabuild.syllabus.model import Syllabus

__all__ = ["FEED_PATH", "calendar_feed", "revision_stamp"]

FEED_PATH = "calendar.ics"
"""Where the feed lands in the site."""

_PRODID = "-//syllabuild//course calendar//EN"


def calendar_feed(
    syllabus: Syllabus,
    *,
    stamp: dt.datetime,
    site_url: str | None = None,
    page_urls: dict[str, str] | None = None,
) -> bytes:
    """The feed of a (release-filtered) syllabus.

    Args:
        syllabus: the course as it may be shown (see `visible_at`).
        stamp: the moment the site shows (`--now`, else the build's clock); DTSTAMP is its day
            (see `revision_stamp`).
        site_url: absolute URL of the site; without it descriptions carry no links.
        page_urls: docs path of a page (`schedule.md`, `lectures/01-intro.md`) -> its URL relative
            to the site root; pages not listed get no link.
    """
    calendar = CourseCalendar.from_syllabus(syllabus)
    course = syllabus.course
    lang = course.languages[0]
    title = text.localize(course.title, lang, lang)
    uid_prefix = text.slugify(f"{course.code or ''} {title} {text.localize(course.term, lang, lang)}")
    page_urls = page_urls or {}
    revised = revision_stamp(stamp)
    words = messages_for(lang)

    def link(docs_path: str) -> str | None:
        if not site_url or docs_path not in page_urls:
            return None
        return posixpath.join(site_url.rstrip("/") + "/", page_urls[docs_path])

    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", calendar.timezone)

    def event(uid: str, summary: str, start, end=None, location=None, description=None, url=None) -> None:
        ev = icalendar.Event()
        ev.add("uid", f"{uid_prefix}-{uid}@syllabuild")
        ev.add("dtstamp", revised)
        ev.add("summary", summary)
        ev.add("dtstart", start)
        if end is not None:
            ev.add("dtend", end)
        if location:
            ev.add("location", location)
        lines = [line for line in (description, url) if line]
        if lines:
            ev.add("description", "\n\n".join(lines))
        if url:
            ev.add("url", url)
        cal.add_component(ev)

    def loc(value) -> str | None:
        return text.localize(value, lang, lang) or None

    for entry in calendar.lectures:
        lecture = entry.lecture
        if entry.date is None or lecture.status == "dropped":
            continue
        draft = lecture.status == "draft"
        unit = words(unit_message(course.unit, "Lecture {number}"), number=lecture.number)
        summary = f"{title}: {unit}" + ("" if draft else f": {text.localize(lecture.title, lang, lang)}")
        url = None if draft else link(lecture_path(lecture, lang))
        description = None if draft else (text.localize(lecture.summary, lang, lang) or None)
        if entry.start is not None:
            start, end = calendar.at(entry.date, entry.start), calendar.at(entry.date, entry.end)
        else:
            start, end = entry.date, entry.date + dt.timedelta(days=1)
        event(f"lecture-{lecture.number}", summary, start, end, loc(entry.room), description, url)
    for session in calendar.sessions:
        meeting = session.meeting
        start, end = calendar.at(session.date, meeting.start), calendar.at(session.date, meeting.end)
        kind = f"{words(meeting.kind.capitalize())} {session.number}" + ("" if meeting.name is None else f" ({meeting.name})")
        group = "" if meeting.name is None else f"{text.slugify(meeting.name)}-"
        uid = f"{meeting.kind}-{group}{session.date:%Y%m%d}-{meeting.start:%H%M}"
        event(uid, f"{title}: {kind}", start, end, loc(meeting.room), None, link("schedule.md"))
    for assignment in syllabus.assignments:
        if assignment.due is None:
            continue
        name = text.localize(assignment.title, lang, lang)
        summary = f"{title}: {name}" if assignment.kind == "exam" else f"{title}: {name} due"
        details = text.localize(assignment.note, lang, lang) or None
        url = assignment.url if assignment.url and "://" in assignment.url else link("grading.md")
        event(f"{assignment.kind}-{assignment.id}", summary, calendar.aware(assignment.due), None, None, details, url)
    cal.add_missing_timezones()
    return cal.to_ical()


def revision_stamp(moment: dt.datetime) -> dt.datetime:
    """DTSTAMP of every event for a site shown at `moment` (aware): midnight UTC of its UTC day."""
    return moment.astimezone(dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
