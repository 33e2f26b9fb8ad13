"""Time: computed lecture dates, weeks and the course calendar."""

from syllabuild.schedule.dates import CourseCalendar, ScheduledLecture

__all__ = ["CourseCalendar", "ScheduledLecture"]
