"""How staff may write a time, a date, a date-time or a URL in syllabus.yaml: one pattern per form.

A form is the set of texts that syllabuild reads as that kind of value: what the YAML loader
(`source.py`) hands to the model, and what the model's pydantic types then accept. The JSON Schema
that editors check against uses these patterns instead of JSON Schema's `format: time` and
`format: date-time`, which mean RFC 3339 (seconds and a UTC offset required) and so would mark
`10:30` and `2024-01-16T23:59` as wrong. Where the model reads more than pydantic does (`9:30`,
`2pm`), its validators match these same constants, so that editors and syllabuild agree. Fields
of date and time types get their form by themselves; any other field takes one by naming it as
its schema's `format`: `WithJsonSchema({"type": "string", "format": URL.name})`.

The patterns mean the same as ECMAScript and as Python regular expressions (editors compile them
with JavaScript's `RegExp(..., "u")`): no lookbehind, no named groups, no needless escapes, and
[0-9] rather than \\d, which in Python also matches other scripts' digits.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DATE", "DATE_TIME", "FORMS", "SHORT_CLOCK", "TIME", "TWELVE_HOUR_CLOCK", "URL", "Form"]


@dataclass(frozen=True)
class Form:
    """The texts accepted for one kind of value."""

    name: str
    """The JSON Schema `format` that marks fields of this kind: pydantic's own for dates and times."""
    pattern: str
    """Anchored regular expression matching every accepted text."""
    message: str
    """What an editor says about a text that does not match; the loader's own wording."""
    examples: tuple[str, ...]
    """Typical texts, offered by editors as completions."""
    keeps_format: bool = False
    """Whether JSON Schema's `format` of this name accepts every such text too; it is then kept, so
    that validators which check formats also catch impossible values such as 2024-02-30."""


# Parts, each anchored by the forms below. Ranges are spelled out so that editors flag 25:00 or
# month 13, as syllabuild does.
_YEAR = r"[0-9]{4}"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_HOUR = r"([01][0-9]|2[0-3])"
_MINUTE = r"[0-5][0-9]"
# pydantic reads clock times as HH:MM[:SS[.fraction]] with an optional Z or +HH:MM / +HHMM offset.
_OFFSET = rf"([zZ]|[+-]{_HOUR}:?{_MINUTE})"
_CLOCK_NO_OFFSET = rf"{_HOUR}:{_MINUTE}(:{_MINUTE}([.,][0-9]+)?)?"
_CLOCK = rf"{_CLOCK_NO_OFFSET}{_OFFSET}?"
SHORT_CLOCK = r"([0-9]):([0-5][0-9])"
"""`9:30`, which pydantic refuses, read by the model itself: groups hour and minutes."""
TWELVE_HOUR_CLOCK = r"(0?[1-9]|1[0-2])(?::([0-5][0-9]))? ?([AaPp])\.?[Mm]\.?"
"""`2pm`, `2:30 pm`, `11 a.m.`, read by the model itself: groups hour, minutes, and a or p."""
_FULL_DATE = rf"{_YEAR}-{_MONTH}-{_DAY}"
# Unquoted, `2024-03-05 12:00:00 +02:00` is a YAML 1.1 timestamp, which PyYAML reads itself: one-digit
# month, day, hour and offset allowed, seconds required, spaces before the offset allowed.
_YAML_TIMESTAMP = (
    rf"{_YEAR}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])"
    rf"([Tt]| +)([01]?[0-9]|2[0-3]):{_MINUTE}:{_MINUTE}(\.[0-9]*)?"
    rf"( *(Z|[+-]([01]?[0-9]|2[0-3])(:{_MINUTE})?))?"
)

TIME = Form(
    name="time",
    # What `model.Clock` reads, stripped first: a time of day in the course time zone, never
    # with an offset (the model refuses one); a time field that is a bare dt.time reads less.
    pattern=rf"^\s*({_CLOCK_NO_OFFSET}|{SHORT_CLOCK}|{TWELVE_HOUR_CLOCK})\s*$",
    message="expected a time like 10:30",
    examples=("10:30", "2pm"),
)
DATE = Form(
    name="date",
    pattern=rf"^{_FULL_DATE}$",
    message="expected a date like 2024-03-05",
    examples=("2024-03-05",),
    keeps_format=True,
)
DATE_TIME = Form(
    name="date-time",
    # A date alone means midnight; pydantic separates date and time by T, t, a space or _.
    pattern=rf"^({_FULL_DATE}([Tt _]{_CLOCK})?|{_YAML_TIMESTAMP})$",
    message="expected a date and time like 2024-03-05T23:59",
    examples=("2024-03-05T23:59",),
)

# Leading and trailing spaces are stripped; relative URLs have no colon, so no `javascript:` scheme.
URL = Form(
    name="url",
    pattern=r"^\s*([hH][tT][tT][pP][sS]?://\S+|[mM][aA][iI][lL][tT][oO]:\S+|[^:\s]+)\s*$",
    message="expected an http(s), mailto or relative URL without spaces",
    examples=("https://",),
)

FORMS: dict[str, Form] = {form.name: form for form in (TIME, DATE, DATE_TIME, URL)}
"""Every form by the JSON Schema `format` that marks it."""
