"""The schedule tests' sample course and clock: Europe/Berlin, across the change to summer time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "dst_course"
BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=BERLIN)


def at(moment: dt.datetime):
    """The release policy of the course showing itself at `moment`."""
    from syllabuild.schedule.release import ReleasePolicy

    return ReleasePolicy(moment, BERLIN)
