"""Release dates: what the site may show at a given moment.

Filtering happens on the model, before any page is rendered, so an unreleased lecture,
recording or solution is absent from everything built from it — pages, nav, search index,
sitemap and calendar — instead of being hidden with CSS.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Mapping
from zoneinfo import ZoneInfo

from syllabuild.syllabus.model import Assignment, Exercise, Lecture, Syllabus

__all__ = ["NOW_VARIABLE", "NowError", "ReleasePolicy", "parse_now", "release_policy", "visible_at"]

NOW_VARIABLE = "SYLLABUILD_NOW"
"""Environment variable that `syllabuild build --now` sets to preview another moment."""


class NowError(ValueError):
    """A preview moment that is not a date or date and time."""


@dataclass(frozen=True)
class ReleasePolicy:
    """The one rule of what is public: a moment to show the course at, in the course time zone."""

    now: dt.datetime
    """Aware; the moment the site shows."""
    zone: ZoneInfo
    """The course time zone: release moments written without an offset are in it."""
    source: str = "the clock"
    """Where `now` came from: `--now`, `$SYLLABUILD_NOW`, `mkdocs.yml` or `the clock` (for messages)."""

    def moment(self, value: dt.datetime | dt.date) -> dt.datetime:
        """`value` as an aware moment: naive times are course time, a date is its midnight."""
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time(0, 0))
        return value if value.tzinfo else value.replace(tzinfo=self.zone)

    def visible(self, release: dt.datetime | dt.date | None) -> bool:
        """Whether something released at `release` is public (the moment itself included; None: always)."""
        return release is None or self.now >= self.moment(release)


def release_policy(timezone: str, *, cli_now: str | None = None, settings_now: str | None = None,
                   environ: Mapping[str, str] = os.environ, clock: dt.datetime | None = None) -> ReleasePolicy:
    """Decide the moment the site shows: `--now` > $SYLLABUILD_NOW > `now:` in mkdocs.yml > the clock.

    Args:
        timezone: the course time zone (`meetings.timezone`).
        cli_now: the `--now` option of a command.
        settings_now: `plugins.syllabuild.now` from mkdocs.yml.
        environ: where $SYLLABUILD_NOW is read.
        clock: the real time (tests pass a fixed one).

    Raises:
        NowError: a given moment is not a date or a date and time.
    """
    zone = ZoneInfo(timezone)
    for source, text in (("--now", cli_now), (f"${NOW_VARIABLE}", environ.get(NOW_VARIABLE)), ("mkdocs.yml", settings_now)):
        if text:
            try:
                return ReleasePolicy(parse_now(text, zone), zone, source)
            except NowError as error:
                raise NowError(f"{source}: {error}") from None
    now = clock or dt.datetime.now(zone)
    return ReleasePolicy(now if now.tzinfo else now.replace(tzinfo=zone), zone)


def visible_at(syllabus: Syllabus, policy: ReleasePolicy) -> Syllabus:
    """The syllabus as students may see it at `now`.

    - A lecture before its release becomes a draft: it keeps its slot in the schedule (so later
      dates do not move when it appears) but no page, title or material is built. A dropped
      lecture without a date, which holds no slot, is left out.
    - A slide deck or a recording before its release is left out.
    - An exercise before its release, or a draft one, is left out; so is each of its links
      (`solution:` until `solution_release:`) before its release or while a draft.
    - An assignment before its release becomes a draft: no page, no sheet, handout or
      submission link, no description; its title and dates stay (the schedule shows the due date).

    Args:
        syllabus: the whole course.
        policy: what is public (see `release_policy`).
    """
    lectures = []
    for lecture in syllabus.lectures:
        if not policy.visible(lecture.release):
            if lecture.status == "dropped" and lecture.date is None:
                continue
            lectures.append(_placeholder(lecture))
            continue
        lectures.append(_lecture_at(lecture, policy))
    assignments = [a if policy.visible(a.release) else _unreleased(a) for a in syllabus.assignments]
    return syllabus.model_copy(update={"lectures": lectures, "assignments": assignments})


def _unreleased(assignment: Assignment) -> Assignment:
    hidden = {"url": None, "handout": None, "submit": None, "description": None, "status": "draft"}
    return assignment.model_copy(update=hidden)


def _placeholder(lecture: Lecture) -> Lecture:
    # Only what the schedule needs to keep the slot and its hours: the content must not reach the site.
    return Lecture(number=lecture.number, title=f"Lecture {lecture.number}", date=lecture.date, start=lecture.start,
                   end=lecture.end, room=lecture.room, meeting=lecture.meeting, hours=lecture.hours, status="draft")


def _lecture_at(lecture: Lecture, policy: ReleasePolicy) -> Lecture:
    slides = [deck for deck in lecture.slides if policy.visible(deck.release)]
    recordings = [r for r in lecture.recordings if policy.visible(r.release)]
    exercises = [shown for e in lecture.exercises if (shown := _exercise_at(e, policy)) is not None]
    if len(slides) == len(lecture.slides) and len(recordings) == len(lecture.recordings) and exercises == lecture.exercises:
        return lecture
    return lecture.model_copy(update={"slides": slides, "recordings": recordings, "exercises": exercises})


def _exercise_at(exercise: Exercise, policy: ReleasePolicy) -> Exercise | None:
    """The exercise with its public links only (in the long form), or None while it is hidden."""
    if exercise.status == "draft" or not policy.visible(exercise.release):
        return None
    links = [link for link in exercise.materials if link.status != "draft" and policy.visible(link.release)]
    if links == exercise.materials:
        return exercise
    short_form = {"exercise": None, "notebook": None, "solution": None, "solution_release": None}
    return exercise.model_copy(update={"links": links, **short_form})


def parse_now(text: str, zone: ZoneInfo) -> dt.datetime:
    """A `--now` value: `2024-03-01`, `2024-03-01T12:00` or with an offset; naive means course time."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise NowError(f'expected a moment like 2024-03-01T12:00, got "{text}"') from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
