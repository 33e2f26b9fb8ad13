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

from syllabuild.syllabus.forms import SHORT_CLOCK, TWELVE_HOUR_CLOCK
from syllabuild.syllabus.values import LANGUAGE_PATTERN, Date, Moment, ProjectPath, SiteLanguage, Text, Title, Url

# -- times and weekdays as staff write them ---------------------------------------------------
_TWELVE_HOUR = re.compile(rf"^{TWELVE_HOUR_CLOCK}$")
_SHORT_CLOCK = re.compile(rf"^{SHORT_CLOCK}$")


def _clock(value: Any) -> Any:
    """`2pm`, `2:30 pm` and `9:30` as times; anything else is left for pydantic to read or refuse."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # pydantic would read 1030 as seconds after midnight (00:17:10), YAML reads 10.30 as 10.3.
        raise ValueError(f'expected a time like 10:30, got {value} (a number: write "{_clock_for(value)}")')
    if not isinstance(value, str):
        return value
    text = value.strip()
    if match := _TWELVE_HOUR.match(text):
        hour = int(match[1]) % 12 + (12 if match[3] in "Pp" else 0)
        return dt.time(hour, int(match[2] or 0))
    if match := _SHORT_CLOCK.match(text):
        return dt.time(int(match[1]), int(match[2]))
    return text


def _clock_for(number: float) -> str:
    """The time a number most likely means: 10.3 was written 10.30, 1015 means 10:15, 9 means 9:00."""
    if isinstance(number, float) and 0 <= number < 24:
        hours, minutes = int(number), round((number - int(number)) * 100)
    elif isinstance(number, int) and 0 <= number < 24:
        hours, minutes = number, 0
    elif isinstance(number, int) and 0 <= number <= 2359:
        hours, minutes = divmod(number, 100)
    else:
        return "10:30"
    return f"{hours}:{minutes:02d}" if minutes < 60 else "10:30"


def _local_clock(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError(f"expected a time like 10:30 in the course time zone (meetings.timezone), "
                         f"got {value.isoformat(timespec='minutes')} with an offset")
    return value


Clock = Annotated[dt.time, BeforeValidator(_clock), AfterValidator(_local_clock)]
"""A time of day: `14:00`, `9:30`, `2pm` or `2:30 pm` (the editors' form is `forms.TIME`)."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_SPELLINGS = {
    **{day: day for day in WEEKDAYS},
    **{day[:3]: day for day in WEEKDAYS},
    "tues": "tuesday", "weds": "wednesday", "thur": "thursday", "thurs": "thursday",
}


def _weekday(value: Any) -> Any:
    """`Mon`, `monday` and `Monday` as `monday`; anything else is left for the error message."""
    return _WEEKDAY_SPELLINGS.get(value.strip().lower(), value) if isinstance(value, str) else value


Weekday = Annotated[
    Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    BeforeValidator(_weekday),
    WithJsonSchema({
        "anyOf": [
            {"enum": list(WEEKDAYS)},
            {"type": "string", "pattern": "^(?:" + "|".join(
                f"{spelling}|{spelling.capitalize()}|{spelling.upper()}" for spelling in _WEEKDAY_SPELLINGS) + ")$"},
        ]
    }),
]
"""A day of the week: `monday`, `Monday`, `Mon` or `mon`."""


class _Model(BaseModel):
    # The attribute docstrings are the fields' descriptions in the JSON Schema, which `schema.py`
    # gives them when it is made: pydantic's `use_attribute_docstrings` would read every class's
    # source at each import (about 15 ms of every build).
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, allow_inf_nan=False)


def _link_shorthand(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


class Link(_Model):
    """A labelled link."""

    url: Url
    """Where the link goes."""
    label: Title | None = None
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

    title: Title
    """Course name."""
    code: str | None = None
    """Catalogue number, e.g. 046211."""
    term: Text | None = None
    """Term or semester, e.g. Winter 2024."""
    institution: Text | None = None
    languages: list[SiteLanguage] = Field(default=["en"], min_length=1)
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
    unit: Literal["lecture", "day", "week", "session", "unit"] = "lecture"
    """What the course calls each entry of `lectures:`; pages, nav and calendar say "Day 3" for `day`."""


# -- staff and meetings ------------------------------------------------------------------------
class StaffMember(_Model):
    name: Title
    role: Literal["lecturer", "head-ta", "ta", "grader", "coordinator", "guest"]
    """Role in the course."""
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    office_hours: Text | None = None
    photo: Url | None = None
    url: Url | None = None
    """Personal page."""
    note: Text | None = None


SessionKind = Literal["lecture", "tutorial", "lab", "recitation", "seminar"]


class Meeting(_Model):
    """A weekly session."""

    kind: SessionKind
    weekday: Weekday
    start: Clock
    """Start time, e.g. 10:30 or 2pm."""
    end: Clock
    room: Text | None = None
    staff: list[str] = []
    """Names of the staff members who lead it."""
    online: Url | None = None
    """Link to join online."""
    name: str | None = None
    """Tells this meeting apart from another of its kind on the same weekday, e.g. `morning` or `Group B`.

    Shown beside the kind. A named lecture meeting holds only the lectures that pick it with
    `meeting:`; the others meet at the lecture meetings without a name.
    """


class NoClass(_Model):
    date: Date
    reason: Text | None = None


class Term(_Model):
    start: Date
    end: Date


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
    """A reading given in full; a plain text is a reading with only a title."""

    type: ReadingType | None = None
    """Kind of material, which chooses its icon."""
    title: Title
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
    label: Text | None = None
    """Shown before the reading, e.g. `Motivation` gives "Motivation: …"."""
    locator: Text | None = None
    """Chapter, sections or pages, e.g. "Chapter 5, Sections 5.1–5.2"."""


class Citation(_Model):
    """A reading that cites an entry of the bibliography: `cite: BB` with `locator: Chapter 5`."""

    cite: str
    """Key of a bibliography entry."""
    label: Text | None = None
    """Shown before the reading, e.g. `Motivation` gives "Motivation: …"."""
    locator: Text | None = None
    """Chapter, sections or pages, e.g. "Chapter 5, Sections 5.1–5.2"."""
    url: Url | None = None
    """A deep link into the entry, e.g. to the chapter."""
    note: Text | None = None
    optional: bool = False


def _reading_kind(value: Any) -> str:
    return "citation" if isinstance(value, dict) and "cite" in value else "reference"


def _title_shorthand(value: Any) -> Any:
    return {"title": value} if isinstance(value, str) else value


Reading = Annotated[
    Union[Annotated[Citation, Tag("citation")], Annotated[Reference, Tag("reference")]],
    Discriminator(_reading_kind),
    BeforeValidator(_title_shorthand, json_schema_input_type=Union[str, Citation, Reference]),
]


class BibEntry(Reference):
    """A bibliography entry, cited by its key; a plain text is an entry with only a title."""


BibEntryOrTitle = Annotated[BibEntry, BeforeValidator(_title_shorthand, json_schema_input_type=Union[str, BibEntry])]


# -- lectures ----------------------------------------------------------------------------------
class Topic(_Model):
    title: Title
    topics: list["TopicItem"] = []
    """Sub-topics."""
    readings: list[Reading] = []
    """Readings for this sub-topic."""
    note: Text | None = None


def _topic_kind(value: Any) -> str:
    # A mapping is a text per language only when every key is a language code: `{titel: …}` is a topic.
    if isinstance(value, str) or (isinstance(value, dict) and all(isinstance(k, str) and re.match(LANGUAGE_PATTERN, k) for k in value)):
        return "text"
    return "topic"


TopicItem = Annotated[Union[Annotated[Text, Tag("text")], Annotated[Topic, Tag("topic")]], Discriminator(_topic_kind)]
Topic.model_rebuild()


class Slides(Link):
    """A slide deck, or one part of it: `slides: [part1.pdf, {url: part2.pdf, release: 2024-03-05T12:00}]`."""

    release: Moment | None = None
    """Left out of the site until this moment (course time zone unless an offset is given)."""


SlidesOrUrl = Annotated[Slides, BeforeValidator(_link_shorthand, json_schema_input_type=Union[str, Slides])]
SlideDecks = Annotated[
    list[SlidesOrUrl],
    BeforeValidator(_links_shorthand, json_schema_input_type=Union[str, Slides, list[Union[str, Slides]]]),
]


class Recording(_Model):
    title: Title | None = None
    mirrors: Links = Field(min_length=1)
    """The same recording at several places; the first is the main link."""
    date: Date | None = None
    release: Moment | None = None
    """Hidden from the site until this moment."""
    captions: Url | None = None
    """The recording's captions (a `.vtt` file, or a page or URL that has them)."""
    transcript: Url | None = None
    """A written transcript of the recording: a URL, or a page or file of docs/."""


def _recording_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        return {"mirrors": [value]}
    if isinstance(value, list):
        return {"mirrors": value}
    return value


Status = Literal["published", "draft"]


class ExerciseLink(_Model):
    """One link of an exercise: `{label: CNN notebook, url: tutorials/cnn.ipynb}`."""

    url: Url
    """A URL, a page or file of docs/, or a notebook path in the repository (relative to mkdocs.yml)."""
    label: Title | None = None
    """Text shown for the link; defaults to the kind's word ("solution"), "notebook" or "link"."""
    kind: Literal["exercise", "notebook", "solution", "other"] = "other"
    """What the link is; it gives the default label, and a solution notebook's download keeps its outputs."""
    release: Moment | None = None
    """Left out of the site until this moment."""
    status: Status = "published"
    """published, or draft (left out of the site)."""


ExerciseLinkOrUrl = Annotated[ExerciseLink, BeforeValidator(_link_shorthand, json_schema_input_type=Union[str, ExerciseLink])]


class Exercise(_Model):
    """An exercise with any number of links; `exercise:`, `notebook:` and `solution:` are their short form."""

    title: Title
    links: list[ExerciseLinkOrUrl] = []
    """Labelled links, each with its own release: `[{label: CNN notebook, url: cnn.ipynb}, …]`."""
    note: Text | None = None
    """Markdown note shown with the exercise."""
    release: Moment | None = None
    """The whole exercise is left out of the site until this moment."""
    status: Status = "published"
    """published, or draft (left out of the site)."""
    exercise: Url | None = None
    """The exercise sheet or page (short for a link of kind `exercise`)."""
    notebook: Url | None = None
    """Notebook path in the repository (relative to mkdocs.yml) or a URL (short for a link of kind `notebook`)."""
    solution: Url | None = None
    """Solution notebook path or URL (short for a link of kind `solution`)."""
    solution_release: Moment | None = None
    """The solution is left out of the site until this moment."""

    @property
    def materials(self) -> list[ExerciseLink]:
        """Every link of the exercise: the short form's first, then `links:`."""
        short = [
            ExerciseLink(url=self.exercise, kind="exercise") if self.exercise else None,
            ExerciseLink(url=self.notebook, kind="notebook") if self.notebook else None,
            ExerciseLink(url=self.solution, kind="solution", release=self.solution_release) if self.solution else None,
        ]
        return [link for link in short if link is not None] + list(self.links)


def _notes_form(value: Any) -> Any:
    """A Markdown file stays a path (its text joins the page); any other file or a URL is a link."""
    if isinstance(value, str) and not (value.endswith(".md") and "://" not in value):
        return {"url": value}
    return value


LectureNotes = Annotated[
    Union[Annotated[ProjectPath, Tag("file")], Annotated[Link, Tag("link")]],
    Discriminator(lambda value: "file" if isinstance(value, str) else "link"),
    BeforeValidator(_notes_form, json_schema_input_type=Union[str, Link]),
]

LectureStatus = Literal["published", "draft", "dropped"]


class Lecture(_Model):
    number: int | None = Field(default=None, ge=0, le=999)
    """Left out: one more than the lecture before (the first is 1)."""
    title: Title
    date: Date | None = None
    """Explicit date; otherwise computed from the weekly meetings."""
    start: Clock | None = None
    """Its own start time, instead of its weekly meeting's (give `end:` too)."""
    end: Clock | None = None
    """Its own end time."""
    room: Text | None = None
    """Its own room, instead of its weekly meeting's."""
    meeting: str | None = None
    """The `name:` of the weekly lecture meeting it takes its day, time and room from."""
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
    written_notes: LectureNotes | None = Field(default=None, alias="notes")
    """Lecture notes: a Markdown file shown on the page (path relative to mkdocs.yml; default
    lectures/NN-*.md), or a link to a PDF of docs/ or a URL (`{url, label}` to name it)."""
    recordings: list[
        Annotated[Recording, BeforeValidator(_recording_shorthand, json_schema_input_type=Union[str, list[str], Recording])]
    ] = []
    exercises: list[Exercise] = []
    snippets: list[ProjectPath] = []
    """Snippet files (relative to snippets/) shown with their output on the lecture page."""
    readings: list[Reading] = []
    release: Moment | None = None
    """The whole lecture stays off the site until this moment."""

    # `notes:` is read through two names so that each reader gets one kind of notes.
    @property
    def notes(self) -> str | None:
        """The Markdown file whose text joins the lecture page, when `notes:` names one."""
        return self.written_notes if isinstance(self.written_notes, str) else None

    @property
    def notes_link(self) -> Link | None:
        """The notes as a link (a PDF, a URL), when `notes:` is not a Markdown file."""
        return self.written_notes if isinstance(self.written_notes, Link) else None


def _number_lectures(value: Any) -> Any:
    """Lectures without `number:` count on from the lecture before (the first is 1)."""
    if not isinstance(value, list):
        return value
    numbered, previous = [], 0
    for item in value:
        if isinstance(item, dict) and item.get("number") is None:  # left out, or `number:` with nothing
            item = {**item, "number": previous + 1}
        if isinstance(item, dict) and isinstance(item.get("number"), int) and not isinstance(item["number"], bool):
            previous = item["number"]
        numbered.append(item)
    return numbered


Lectures = Annotated[list[Lecture], BeforeValidator(_number_lectures, json_schema_input_type=list[Lecture])]


# -- resources ---------------------------------------------------------------------------------
class ResourceItem(_Model):
    title: Title | None = None
    """Shown as the link text; a bare URL is shown when missing."""
    url: Url | None = None
    type: ReadingType | None = None
    tags: list[str] = []
    authors: Authors = []
    year: int | None = Field(default=None, ge=1000, le=2999)
    note: Text | None = None
    links: list[Link] = []
    items: list["ResourceItem"] = []
    """Nested items and notes."""


ResourceItem.model_rebuild()


class ResourceGroup(_Model):
    group: Title
    description: Text | None = None
    items: list[ResourceItem] = []
    see_also: list[str] = []
    """Names of related groups (cross-references)."""


# -- assignments and grading -------------------------------------------------------------------
class Assignment(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    """Short identifier, e.g. hw1."""
    kind: Literal["homework", "project", "exam", "quiz", "presentation"]
    title: Title
    release: Moment | None = None
    due: Moment | None = None
    weight: float | None = Field(default=None, ge=0, le=100)
    """Percent of the final grade (informational; the grading schemes are authoritative)."""
    submission: Text | None = None
    """Markdown submission rules."""
    url: Url | None = None
    note: Text | None = None
    description: Text | None = None
    """Markdown: what the assignment asks, shown on its own page."""
    handout: Url | None = None
    """The sheet or starter files: a URL or a repository file."""
    submit: Url | None = None
    """Where to hand it in (a submission system, a form)."""
    lectures: list[int] = []
    """Numbers of the lectures it belongs to."""
    status: Status = "published"
    """`draft`: no page and no link (also what release does before `release:`); its dates stay."""


class GradePart(_Model):
    name: Title
    weight: float = Field(ge=0, le=100)
    note: Text | None = None


class GradeComponent(_Model):
    name: Title
    weight: float = Field(ge=0, le=100)
    """Percent of the final grade."""
    parts: list[GradePart] = []
    conditions: list[Text] = []
    """E.g. "must pass the final exam"."""
    note: Text | None = None


class GradingScheme(_Model):
    name: Title
    description: Text | None = None
    components: list[GradeComponent] = Field(min_length=1)
    bonus: list[GradeComponent] = []
    """Bonus items, on top of 100%."""


class Grading(_Model):
    schemes: list[GradingScheme] = Field(min_length=1)
    rules: list[Text] = []
    """Rules in words, e.g. what happens when the exam is failed."""


class Policy(_Model):
    title: Title
    body: Text
    """Markdown."""


class Syllabus(_Model):
    """Everything about the course; the single source of the site."""

    course: Course
    staff: list[StaffMember] = []
    meetings: Meetings = Meetings()
    lectures: Lectures = []
    bibliography: dict[str, BibEntryOrTitle] = {}
    """Keyed entries, cited from readings with `cite: KEY`."""
    resources: list[ResourceGroup] = []
    assignments: list[Assignment] = []
    grading: Grading | None = None
    policies: list[Policy] = []
