"""Time: computed dates, release dates, the calendar feed and the dates pages embed.

The calendar feed and the dates pages embed are pages of their own (`syllabuild.pages.feed`,
`syllabuild.pages.timeline`): this package is below `pages` and never imports it.
"""

from syllabuild.schedule.dates import CourseCalendar, ScheduledLecture, Session
from syllabuild.schedule.release import ReleasePolicy, release_policy, visible_at

__all__ = ["CourseCalendar", "ScheduledLecture", "Session", "ReleasePolicy", "release_policy", "visible_at"]
