"""Release dates: what the site may show at a given moment.

Filtering happens on the model, before any page is rendered, so an unreleased lecture,
recording or solution is absent from everything built from it — pages, nav, search index,
sitemap and calendar — instead of being hidden with CSS.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from syllabuild.syllabus.model import Lecture, Syllabus

__all__ = ["NOW_VARIABLE", "NowError", "parse_now", "released", "resolve_now", "visible_at"]

NOW_VARIABLE = "SYLLABUILD_NOW"
"""Environment variable that `syllabuild build --now` sets to preview another moment."""


class NowError(ValueError):
    """A preview moment that is not a date or date and time."""


def released(release: dt.datetime | None, now: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether something with this release moment is public at `now` (the moment itself included)."""
    if release is None:
        return True
    if release.tzinfo is None:
        release = release.replace(tzinfo=zone)
    return now >= release


def visible_at(syllabus: Syllabus, now: dt.datetime) -> Syllabus:
    """The syllabus as students may see it at `now`.

    - A lecture before its release becomes a draft: it keeps its slot in the schedule (so later
      dates do not move when it appears) but no page, title or material is built. A dropped
      lecture without a date, which holds no slot, is left out.
    - A slide deck or a recording before its release is left out.
    - An exercise's solution before its `solution_release` is left out.
    - An assignment's link (the sheet) before its release is left out; its dates stay.

    Args:
        syllabus: the whole course.
        now: the moment to show; naive values are in the course time zone.
    """
    zone = ZoneInfo(syllabus.meetings.timezone)
    now = now if now.tzinfo else now.replace(tzinfo=zone)
    lectures = []
    for lecture in syllabus.lectures:
        if not released(lecture.release, now, zone):
            if lecture.status == "dropped" and lecture.date is None:
                continue
            lectures.append(_placeholder(lecture))
            continue
        lectures.append(_lecture_at(lecture, now, zone))
    assignments = [
        a if released(a.release, now, zone) else a.model_copy(update={"url": None}) for a in syllabus.assignments
    ]
    return syllabus.model_copy(update={"lectures": lectures, "assignments": assignments})


def _placeholder(lecture: Lecture) -> Lecture:
    # Only what the schedule needs to keep the slot: the content must not reach the site.
    return Lecture(number=lecture.number, title=f"Lecture {lecture.number}", date=lecture.date,
                   hours=lecture.hours, status="draft")


def _lecture_at(lecture: Lecture, now: dt.datetime, zone: ZoneInfo) -> Lecture:
    slides = [deck for deck in lecture.slides if released(deck.release, now, zone)]
    recordings = [r for r in lecture.recordings if released(r.release, now, zone)]
    exercises = [
        e if released(e.solution_release, now, zone) else e.model_copy(update={"solution": None, "solution_release": None})
        for e in lecture.exercises
    ]
    if len(slides) == len(lecture.slides) and len(recordings) == len(lecture.recordings) and exercises == lecture.exercises:
        return lecture
    return lecture.model_copy(update={"slides": slides, "recordings": recordings, "exercises": exercises})


def parse_now(text: str, zone: ZoneInfo) -> dt.datetime:
    """A `--now` value: `2024-03-01`, `2024-03-01T12:00` or with an offset; naive means course time."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise NowError(f'expected a moment like 2024-03-01T12:00, got "{text}"') from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def resolve_now(syllabus: Syllabus, override: str | None = None) -> dt.datetime:
    """The moment the site shows: `override`, else $SYLLABUILD_NOW, else the real current time."""
    zone = ZoneInfo(syllabus.meetings.timezone)
    text = override or os.environ.get(NOW_VARIABLE)
    if text:
        return parse_now(text, zone)
    return dt.datetime.now(zone)
