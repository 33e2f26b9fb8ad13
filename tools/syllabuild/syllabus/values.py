"""The values staff write in syllabus.yaml, each refused where it would mislead or endanger the site.

URLs are read as a browser reads them (entities and percent-escapes decoded) before their scheme
is checked; paths stay inside the project; titles and dates have sane bounds; moments are in the
course time zone. The loader (`source.py`) bounds what any value can be; these bound what each kind means.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import urllib.parse
from typing import Annotated, Union

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema

__all__ = [
    "FIRST_YEAR", "LANGUAGE_PATTERN", "LAST_RELEASE_YEAR", "LAST_YEAR", "TITLE_LENGTH", "Date", "LanguageCode", "Moment",
    "ProjectPath", "SiteLanguage", "Text", "Title", "Url", "clipped",
]

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"
_SAFE_URL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+|[^:\s]*)$", re.IGNORECASE)
_RELATIVE_WITH_COLON = re.compile(r"^[^/?#]*:")
# Browsers drop these from a URL before they read its scheme: `java\tscript:` is `javascript:`.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")

TITLE_LENGTH = 300
"""Characters of a title or name: the longest paper titles fit; a sentence more is a description."""


def clipped(text: str, limit: int = 80) -> str:
    """`text` for a message: a long value is cut, so that one line stays readable."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _as_read(value: str) -> str:
    """`value` as a browser reads it: HTML entities (`&#58;`) and percent-escapes (`%3A`) decoded, to the end."""
    previous = None
    while value != previous:
        previous, value = value, urllib.parse.unquote(html.unescape(value))
    return _IGNORED_BY_BROWSERS.sub("", value)


def _relative_path_problem(path: str) -> str | None:
    """Why a relative path does not stay inside its folder (the project, docs/, snippets/), or None."""
    path = path.replace("\\", "/")
    if path.startswith("/"):
        return "an absolute path"
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        return "a path that leaves the project folder"
    return None


def _check_url(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("expected a URL, got an empty text")
    read = _as_read(value)
    shown = f'"{clipped(value)}"' + ("" if read == value else f' (read as "{clipped(read)}")')
    if _RELATIVE_WITH_COLON.match(read) and not re.match(r"^(https?|mailto):", read, re.IGNORECASE):
        raise ValueError(f"expected an http(s), mailto or relative URL, got {shown}")
    if not _SAFE_URL.match(value):
        raise ValueError(f'expected a URL without spaces, got "{clipped(value)}"')
    if not re.match(r"^(https?|mailto):", read, re.IGNORECASE) and (why := _relative_path_problem(re.split(r"[?#]", read)[0])):
        raise ValueError(f"expected a relative URL inside the project, got {why}: {shown}")
    return value


Url = Annotated[str, AfterValidator(_check_url)]
"""An http(s), mailto or relative URL; a relative one is a page or file of docs/, from every page alike."""


def _check_path(value: str) -> str:
    if not value.strip():
        raise ValueError("expected a file path, got an empty text")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise ValueError(f'expected a relative file path, got "{clipped(value)}"')
    if why := _relative_path_problem(value):
        raise ValueError(f'expected a relative file path inside the project, got {why}: "{clipped(value)}"')
    return value


ProjectPath = Annotated[str, AfterValidator(_check_path)]
"""A file of the project, relative to its folder (or to the folder the field names); never outside it."""


def _title_text(value: str) -> str:
    if len(value) > TITLE_LENGTH:
        raise ValueError(f"expected a title of at most {TITLE_LENGTH} characters, got {len(value)}; "
                         "a longer text belongs in a description or note")
    return value  # shown as plain text, escaped: a Markdown link in it is only its characters


LanguageCode = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]


def _known_language(value: str) -> str:
    try:
        Locale.parse(value, sep="-")
    except (ValueError, UnknownLocaleError):
        raise ValueError(f'expected a language code that Babel knows, like en, he or pt-BR, got "{clipped(value)}"') from None
    return value


SiteLanguage = Annotated[LanguageCode, AfterValidator(_known_language)]
"""A language the site is built in: its dates, words and text direction come from Babel's locale data."""
_PER_LANGUAGE_SCHEMA = {
    "type": "object",
    "patternProperties": {LANGUAGE_PATTERN: {"type": "string"}},
    "additionalProperties": False,
    "minProperties": 1,
}
# A Markdown link's destination (`[label](dest)`, `[label](<dest>)`) and a reference definition (`[id]: dest`).
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def _markdown_links(value: str) -> str:
    """Markdown text whose links go where a URL field may: `[x](javascript:…)` would be a clickable script."""
    for match in _MARKDOWN_LINK.finditer(value):
        target = _as_read(match[1] or match[2] or "")
        if _RELATIVE_WITH_COLON.match(target) and not re.match(r"^(https?|mailto):", target, re.IGNORECASE):
            scheme = target.split(":", 1)[0].lower()
            raise ValueError(f"expected Markdown links to http(s), mailto or relative URLs, got a {clipped(scheme, 20)}: link")
    return value


_MarkdownText = Annotated[str, AfterValidator(_markdown_links)]
Text = Union[_MarkdownText, Annotated[dict[LanguageCode, _MarkdownText], WithJsonSchema(_PER_LANGUAGE_SCHEMA)]]
"""Plain text, or the same text per language: `{en: Deep Learning, he: למידה עמוקה}`."""
_TitleText = Annotated[str, AfterValidator(_title_text)]
Title = Union[_TitleText, Annotated[dict[LanguageCode, _TitleText], WithJsonSchema(_PER_LANGUAGE_SCHEMA)]]
"""A title or name: text (or text per language) of at most `TITLE_LENGTH` characters."""


# -- dates and moments -------------------------------------------------------------------------
FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a course meets in (term, lecture dates, days off): beyond them are typos, and week
arithmetic on them overflows."""
LAST_RELEASE_YEAR = 2999
"""Moments (releases, deadlines) may lie further: `release: 2999-01-01` is how staff say "not yet"."""


def _in_years(value: dt.date, last: int) -> dt.date:
    if not FIRST_YEAR <= value.year <= last:
        written = value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()
        raise ValueError(f"expected a date in the years {FIRST_YEAR}–{last}, got {written}")
    return value


def _course_day(value: dt.date) -> dt.date:
    return _in_years(value, LAST_YEAR)


def _course_moment(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    """A moment in course time: one written with an offset is converted into the course time zone.

    Every moment of the model is then the course's wall-clock time without an offset (naive), as
    staff mostly write them, so any two compare; `CourseCalendar.aware` and `ReleasePolicy.moment`
    attach the zone where an absolute moment is needed.
    """
    _in_years(value, LAST_RELEASE_YEAR)
    zone = (info.context or {}).get("zone")
    if value.tzinfo is not None and zone is not None:
        value = value.astimezone(zone).replace(tzinfo=None)
    return value


Date = Annotated[dt.date, AfterValidator(_course_day)]
"""A day of the course, in the years `FIRST_YEAR`–`LAST_YEAR`."""
Moment = Annotated[dt.datetime, AfterValidator(_course_moment)]
"""A date and time in the course time zone (`meetings.timezone`); an offset, if written, is converted."""
