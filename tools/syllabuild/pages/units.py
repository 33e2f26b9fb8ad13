"""What a course calls its numbered meetings (`course.unit`): Lecture 3, Day 3, Week 3, Session 3, Unit 3.

Templates and the calendar name the unit through the lecture's message ids ("Lecture {number}");
each unit has its own message for every one of them, so that languages whose words agree with
the noun (Hebrew: ההרצאה הבאה, היום הבא) translate each one whole instead of filling in a word.
"""

from __future__ import annotations

__all__ = ["UNIT_MESSAGES", "unit_message"]

_NAMES = {
    # unit: (singular, plural)
    "day": ("Day", "Days"),
    "week": ("Week", "Weeks"),
    "session": ("Session", "Sessions"),
    "unit": ("Unit", "Units"),
}


def _messages(singular: str, plural: str) -> dict[str, str]:
    word = singular.lower()
    return {
        "Lecture": singular,
        "Lectures": plural,
        "Lecture {number}": f"{singular} {{number}}",
        "Lecture {number}: {title}": f"{singular} {{number}}: {{title}}",
        "By lecture": f"By {word}",
        "Next lecture:": f"Next {word}:",
        "This lecture is not part of this term’s material.": f"This {word} is not part of this term’s material.",
    }


UNIT_MESSAGES: dict[str, dict[str, str]] = {
    "lecture": {},
    **{unit: _messages(singular, plural) for unit, (singular, plural) in _NAMES.items()},
}
"""Unit -> the lecture's message id -> the unit's own message id (English, as in the catalogue)."""


def unit_message(unit: str, message: str) -> str:
    """The message id that says `message` of the course's unit (`Day {number}` for `Lecture {number}`)."""
    return UNIT_MESSAGES[unit].get(message, message)
