"""The course, as staff write it in syllabus.yaml: frozen pydantic models with attribute docstrings.

The docstrings under the fields feed the JSON Schema that editors show while staff type.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)

_LANG = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"
_SAFE_URL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+|[^:\s]*)$", re.IGNORECASE)
_RELATIVE_WITH_COLON = re.compile(r"^[^/?#]*:")


def _check_url(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("expected a URL, got an empty text")
    scheme_like = _RELATIVE_WITH_COLON.match(value)
    if scheme_like and not re.match(r"^(https?|mailto):", value, re.IGNORECASE):
        raise ValueError(f'expected an http(s), mailto or relative URL, got "{value}"')
    if not _SAFE_URL.match(value):
        raise ValueError(f'expected a URL without spaces, got "{value}"')
    return value


Url = Annotated[str, AfterValidator(_check_url)]
"""An http(s), mailto or relative URL."""

LanguageCode = Annotated[str, Field(pattern=_LANG)]
_PER_LANGUAGE_SCHEMA = {
    "type": "object",
    "patternProperties": {_LANG: {"type": "string"}},
    "additionalProperties": False,
    "minProperties": 1,
}
Text = Union[str, Annotated[dict[LanguageCode, str], WithJsonSchema(_PER_LANGUAGE_SCHEMA)]]
"""Plain text, or the same text per language: `{en: Deep Learning, he: למידה עמוקה}`."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, coerce_numbers_to_str=True)


def _link_shorthand(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


class Link(_Model):
    """A labelled link."""

    url: Url
    """Where the link goes."""
    label: Text | None = None
    """Text shown for the link; defaults to a label derived from the context."""


LinkOrUrl = Annotated[Link, BeforeValidator(_link_shorthand, json_schema_input_type=Union[str, Link])]


def _links_shorthand(value: Any) -> Any:
    return [value] if isinstance(value, (str, dict)) else value


Links = Annotated[
    list[LinkOrUrl], BeforeValidator(_links_shorthand, json_schema_input_type=Union[str, Link, list[Union[str, Link]]])
]


# -- course ------------------------------------------------------------------------------------
class CourseLink(Link):
    kind: Literal["lms", "forum", "repository", "course-plan", "website", "other"] = "other"
    """What the link is, which chooses its icon."""


class Course(_Model):
    """The course as a whole."""

    title: Text
    """Course name."""
    code: str | None = None
    """Catalogue number, e.g. 046211."""
    term: Text | None = None
    """Term or semester, e.g. Winter 2024."""
    institution: Text | None = None
    languages: list[LanguageCode] = ["en"]
    """Site languages, the first being the default."""
    teaching_language: Text | None = None
    """Language the course is taught in, when worth saying."""
    description: Text | None = None
    """Markdown paragraph describing the course."""
    prerequisites: list[Text] = []
    outcomes: list[Text] = []
    """Learning outcomes: what students can do after the course."""
    links: list[CourseLink] = []
    """LMS, forum, repository, course-plan PDF, …"""
    announcements: list[Text] = []
    """Short Markdown notices shown on the home page."""


# -- staff and meetings ------------------------------------------------------------------------
class StaffMember(_Model):
    name: Text
    role: Literal["lecturer", "head-ta", "ta", "grader", "coordinator", "guest"]
    """Role in the course."""
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    office_hours: Text | None = None
    photo: Url | None = None
    url: Url | None = None
    """Personal page."""
    note: Text | None = None


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SessionKind = Literal["lecture", "tutorial", "lab", "recitation", "seminar"]


class Meeting(_Model):
    """A weekly session."""

    kind: SessionKind
    weekday: Weekday
    start: dt.time
    """Start time, e.g. 10:30."""
    end: dt.time
    room: Text | None = None
    staff: list[str] = []
    """Names of the staff members who lead it."""
    online: Url | None = None
    """Link to join online."""


class NoClass(_Model):
    date: dt.date
    reason: Text | None = None


class Term(_Model):
    start: dt.date
    end: dt.date


class Meetings(_Model):
    timezone: str = "UTC"
    """IANA time zone of the course, e.g. Asia/Jerusalem."""
    term: Term | None = None
    weekly: list[Meeting] = []
    no_class: list[NoClass] = []
    """Holidays and other dates without classes."""


# -- readings ----------------------------------------------------------------------------------
ReadingType = Literal[
    "book", "paper", "article", "video", "interactive", "visualization", "code", "course", "talk", "slides", "notes"
]


def _authors_shorthand(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Authors = Annotated[list[str], BeforeValidator(_authors_shorthand, json_schema_input_type=Union[str, list[str]])]


class Reference(_Model):
    """A reading given in full."""

    type: ReadingType
    """Kind of material, which chooses its icon."""
    title: Text
    authors: Authors = []
    year: int | None = Field(default=None, ge=1000, le=2999)
    venue: Text | None = None
    """Publisher, journal, conference, site or channel."""
    url: Url | None = None
    links: list[Link] = []
    """Further links (download page, other editions, …)."""
    note: Text | None = None
    """Markdown note shown under the item."""
    optional: bool = False
    """Further reading rather than required."""


class Citation(_Model):
    """A reading that cites an entry of the bibliography: `cite: BB` with `locator: Chapter 5`."""

    cite: str
    """Key of a bibliography entry."""
    locator: Text | None = None
    """Chapter, sections or pages, e.g. "Chapter 5, Sections 5.1–5.2"."""
    url: Url | None = None
    """A deep link into the entry, e.g. to the chapter."""
    note: Text | None = None
    optional: bool = False


def _reading_kind(value: Any) -> str:
    return "citation" if isinstance(value, dict) and "cite" in value else "reference"


Reading = Annotated[
    Union[Annotated[Citation, Tag("citation")], Annotated[Reference, Tag("reference")]],
    Discriminator(_reading_kind),
]


class BibEntry(Reference):
    """A bibliography entry, cited by its key."""


# -- lectures ----------------------------------------------------------------------------------
class Topic(_Model):
    title: Text
    topics: list["TopicItem"] = []
    """Sub-topics."""
    readings: list[Reading] = []
    """Readings for this sub-topic."""
    note: Text | None = None


def _topic_kind(value: Any) -> str:
    return "text" if isinstance(value, (str, dict)) and not (isinstance(value, dict) and "title" in value) else "topic"


TopicItem = Annotated[Union[Annotated[Text, Tag("text")], Annotated[Topic, Tag("topic")]], Discriminator(_topic_kind)]
Topic.model_rebuild()


class Slides(Link):
    """A slide deck, or one part of it: `slides: [part1.pdf, {url: part2.pdf, release: 2024-03-05T12:00}]`."""

    release: dt.datetime | None = None
    """Left out of the site until this moment (course time zone unless an offset is given)."""


SlidesOrUrl = Annotated[Slides, BeforeValidator(_link_shorthand, json_schema_input_type=Union[str, Slides])]
SlideDecks = Annotated[
    list[SlidesOrUrl],
    BeforeValidator(_links_shorthand, json_schema_input_type=Union[str, Slides, list[Union[str, Slides]]]),
]


class Recording(_Model):
    title: Text | None = None
    mirrors: Links = Field(min_length=1)
    """The same recording at several places; the first is the main link."""
    date: dt.date | None = None
    release: dt.datetime | None = None
    """Hidden from the site until this moment."""


def _recording_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        return {"mirrors": [value]}
    if isinstance(value, list):
        return {"mirrors": value}
    return value


class Exercise(_Model):
    """An exercise with its notebook and solution."""

    title: Text
    exercise: Url | None = None
    """The exercise sheet or page."""
    notebook: str | None = None
    """Notebook path in the repository (relative to mkdocs.yml) or a URL."""
    solution: str | None = None
    """Solution notebook path or URL."""
    solution_release: dt.datetime | None = None
    """The solution is left out of the site until this moment."""


LectureStatus = Literal["published", "draft", "dropped"]


class Lecture(_Model):
    number: int = Field(ge=0)
    title: Text
    date: dt.date | None = None
    """Explicit date; otherwise computed from the weekly meetings."""
    hours: float | None = Field(default=None, gt=0)
    status: LectureStatus = "published"
    """published; draft (not built); dropped (shown struck through with its note)."""
    note: Text | None = None
    """Why it is dropped, or any remark shown on the lecture."""
    summary: Text | None = None
    """Markdown summary."""
    topics: list[TopicItem] = []
    slides: SlideDecks = []
    """Slide decks (a URL or `{url, label, release}` each); several are shown as parts."""
    notes: str | None = None
    """Lecture notes in Markdown (path relative to mkdocs.yml); default lectures/NN-*.md."""
    recordings: list[
        Annotated[Recording, BeforeValidator(_recording_shorthand, json_schema_input_type=Union[str, list[str], Recording])]
    ] = []
    exercises: list[Exercise] = []
    snippets: list[str] = []
    """Snippet files (relative to snippets/) shown with their output on the lecture page."""
    readings: list[Reading] = []
    release: dt.datetime | None = None
    """The whole lecture stays off the site until this moment."""


# -- resources ---------------------------------------------------------------------------------
class ResourceItem(_Model):
    title: Text | None = None
    """Shown as the link text; a bare URL is shown when missing."""
    url: Url | None = None
    type: ReadingType | None = None
    tags: list[str] = []
    authors: Authors = []
    year: int | None = None
    note: Text | None = None
    links: list[Link] = []
    items: list["ResourceItem"] = []
    """Nested items and notes."""


ResourceItem.model_rebuild()


class ResourceGroup(_Model):
    group: Text
    description: Text | None = None
    items: list[ResourceItem] = []
    see_also: list[str] = []
    """Names of related groups (cross-references)."""


# -- assignments and grading -------------------------------------------------------------------
class Assignment(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    """Short identifier, e.g. hw1."""
    kind: Literal["homework", "project", "exam", "quiz", "presentation"]
    title: Text
    release: dt.datetime | None = None
    due: dt.datetime | None = None
    weight: float | None = Field(default=None, ge=0, le=100)
    """Percent of the final grade (informational; the grading schemes are authoritative)."""
    submission: Text | None = None
    """Markdown submission rules."""
    url: Url | None = None
    note: Text | None = None


class GradePart(_Model):
    name: Text
    weight: float = Field(ge=0, le=100)
    note: Text | None = None


class GradeComponent(_Model):
    name: Text
    weight: float = Field(ge=0, le=100)
    """Percent of the final grade."""
    parts: list[GradePart] = []
    conditions: list[Text] = []
    """E.g. "must pass the final exam"."""
    note: Text | None = None


class GradingScheme(_Model):
    name: Text
    description: Text | None = None
    components: list[GradeComponent] = Field(min_length=1)
    bonus: list[GradeComponent] = []
    """Bonus items, on top of 100%."""


class Grading(_Model):
    schemes: list[GradingScheme] = Field(min_length=1)
    rules: list[Text] = []
    """Rules in words, e.g. what happens when the exam is failed."""


class Policy(_Model):
    title: Text
    body: Text
    """Markdown."""


class Syllabus(_Model):
    """Everything about the course; the single source of the site."""

    course: Course
    staff: list[StaffMember] = []
    meetings: Meetings = Meetings()
    lectures: list[Lecture] = []
    bibliography: dict[str, BibEntry] = {}
    """Keyed entries, cited from readings with `cite: KEY`."""
    resources: list[ResourceGroup] = []
    assignments: list[Assignment] = []
    grading: Grading | None = None
    policies: list[Policy] = []
