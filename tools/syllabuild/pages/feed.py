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
import hashlib
import importlib.util
import json
import os
import posixpath
from pathlib import Path

import syllabuild
from syllabuild.atomic import replace_cache_file
from syllabuild.i18n.messages import messages_for
from syllabuild.pages import text
from syllabuild.pages.site import lecture_path
from syllabuild.pages.units import unit_message
from syllabuild.schedule.dates import CourseCalendar
from syllabuild.syllabus.model import Syllabus

__all__ = ["FEED_PATH", "calendar_feed", "cached_calendar_feed", "revision_stamp"]

FEED_PATH = "calendar.ics"
"""Where the feed lands in the site."""

_PRODID = "-//syllabuild//course calendar//EN"
_KEPT = 16
"""Feeds kept in the cache folder (`serve` makes one per edit of the syllabus)."""
_MADE_BY = ("syllabuild.pages.feed", "syllabuild.pages.text", "syllabuild.pages.units", "syllabuild.pages.site",
            "syllabuild.schedule.dates", "syllabuild.i18n.catalogues")
"""Our modules whose code decides the feed's bytes, besides the syllabus."""


def cached_calendar_feed(
    syllabus: Syllabus,
    *,
    stamp: dt.datetime,
    cache_dir: Path,
    site_url: str | None = None,
    page_urls: dict[str, str] | None = None,
) -> bytes:
    """`calendar_feed`, kept in `cache_dir` by everything it is made of.

    The key is the whole (release-filtered) syllabus, the day of DTSTAMP, the links, syllabuild's
    version and the code that writes the feed (ours and icalendar's, by their files), so a build
    whose syllabus did not change that day takes the same bytes from the cache without importing
    icalendar (about 45 ms of a warm build). A cache that cannot be read or written only means
    making the feed again.
    """
    key = hashlib.sha256(json.dumps(
        [repr(syllabus), revision_stamp(stamp).isoformat(), site_url, page_urls or {}, _code_stamp()],
        sort_keys=True, ensure_ascii=False,
    ).encode()).hexdigest()
    stored = cache_dir / f"{key}.ics"
    try:
        return stored.read_bytes()
    except OSError:
        pass
    feed = calendar_feed(syllabus, stamp=stamp, site_url=site_url, page_urls=page_urls)
    if replace_cache_file(stored, feed):
        try:
            kept = sorted(cache_dir.glob("*.ics"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
            for old in kept[_KEPT:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # pruned next time
    return feed


def _code_stamp() -> list:
    """syllabuild's version and the size and modification time of each file of code that makes the feed."""
    stamp: list = [syllabuild.__version__]
    for module in (*_MADE_BY, "icalendar"):
        spec = importlib.util.find_spec(module)
        try:
            info = os.stat(spec.origin) if spec is not None and spec.origin else None
        except OSError:
            info = None
        stamp.append([module, info.st_size, info.st_mtime_ns] if info else [module])
    return stamp


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
    import icalendar  # only when a feed is made: a build whose feed is cached never imports it

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
