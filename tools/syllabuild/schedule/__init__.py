"""Time: computed dates, release dates, the calendar feed and the dates pages embed.

`feed`, `timeline` and `editing` build on `syllabuild.pages`, which uses this package: import
them as modules (`from syllabuild.schedule.feed import calendar_feed`).
"""

from syllabuild.schedule.dates import CourseCalendar, ScheduledLecture, Session
from syllabuild.schedule.release import resolve_now, visible_at

__all__ = ["CourseCalendar", "ScheduledLecture", "Session", "resolve_now", "visible_at"]
