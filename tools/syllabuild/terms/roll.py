"""Rolling syllabus.yaml forward to the next time the course is taught (`syllabuild term new`).

Every date of the term moves by the same whole number of weeks, so that each lands on the
weekday it had: explicit lecture dates, assignment releases and deadlines, and the releases of
lecture pages, slides and exercises. What belonged to the old term only is cleared: its
recordings, its announcements and its days off (holidays fall on other days next year; staff
enter the new ones). The term's dates and name are set; everything else stays as written.

The file is edited as text at the places the YAML parser marks, so staff comments, quoting, key
order, flow or block style and the way each date is written (`2024-01-02`, `2024-01-02T12:00`,
`"2024-01-02 12:00+02:00"`) stay exactly as they were; only the edited values change.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from syllabuild.pages.text import day, localize
from syllabuild.syllabus import Problem, Syllabus, SyllabusError, parse_syllabus
from syllabuild.syllabus.model import NoClass, Term
from syllabuild.syllabus.rules import NEAR_THE_TERM
from syllabuild.syllabus.source import KeyPath
from syllabuild.syllabus.values import clipped
from syllabuild.terms.names import TermName, new_term_name, parse_given_names
from syllabuild.terms.yaml_text import (
    TextEdits,
    content_end,
    entries,
    items,
    scalar_text,
    value,
)

__all__ = ["MovedValue", "OffsetCheck", "RolledSyllabusError", "RolledTerm", "TermRequest", "TermRequestError",
           "roll_forward"]

_WEEK = dt.timedelta(weeks=1)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_OLD_DAYS_OFF = re.compile(r"^[ \t]*# Days off in .* \(cleared by `syllabuild term new`")
_OLD_DAY_OFF = re.compile(r"^[ \t]*#   \S")


@dataclass(frozen=True)
class TermRequest:
    """What `syllabuild term new` was asked for."""

    start: dt.date
    """First day of the new term."""
    end: dt.date | None = None
    """Last day; None: the old end, moved like every other date."""
    names: tuple[str, ...] = ()
    """`--term` values: `Winter 2025`, or `he=סמסטר חורף 2025` for one language."""


class TermRequestError(ValueError):
    """The roll cannot be done as asked; `lines` says why, one line each (`--start: …`)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


class RolledSyllabusError(SyllabusError):
    """The rolled syllabus would not validate; nothing is written (its problems name its lines)."""


@dataclass(frozen=True)
class MovedValue:
    """A date or moment as written, before and after."""

    path: KeyPath
    kind: str
    """`lecture` (a lecture's date), `assignment` (a release or deadline), `release` (a page, slides, an exercise)."""
    old: str
    new: str


@dataclass(frozen=True)
class OffsetCheck:
    """A moved moment whose written UTC offset is no longer the course time zone's on its new date."""

    path: KeyPath
    written: str
    local: dt.datetime
    """What it now means in the course time zone."""


@dataclass(frozen=True)
class RolledTerm:
    """The rolled syllabus and what changed in it."""

    text: str
    before: Syllabus
    after: Syllabus
    weeks: int
    """Whole weeks every date moved."""
    name: TermName
    moved: tuple[MovedValue, ...] = ()
    kept: tuple[MovedValue, ...] = ()
    """Moments more than a year from the old term (`2999-01-01`: "not yet"), left as written."""
    recordings: tuple[tuple[int, int], ...] = ()
    """(lecture number, recordings removed from it)."""
    announcements: int = 0
    days_off: tuple[NoClass, ...] = ()
    """The old term's no-class dates, cleared."""
    offsets: tuple[OffsetCheck, ...] = ()

    @property
    def old_term(self) -> Term:
        return self.before.meetings.term

    @property
    def new_term(self) -> Term:
        return self.after.meetings.term


def roll_forward(text: str, request: TermRequest, *, name: str = "syllabus.yaml", root: Path | None = None,
                 snippets_dir: str = "snippets") -> RolledTerm:
    """`text` (a syllabus.yaml) rolled forward to the term `request` asks for.

    Args:
        text: the syllabus as written.
        request: the new term's start, end and name.
        name: the file's name in messages.
        root: the project folder, to check the files the syllabus names (None: not checked).
        snippets_dir: the project's snippets folder, relative to `root`.

    Raises:
        SyllabusError: the syllabus has problems (or gives no term dates): nothing to roll.
        TermRequestError: the request does not fit this syllabus (a start before the old one, …).
        RolledSyllabusError: the rolled text would not validate.
    """
    before = parse_syllabus(text, name=name, root=root, snippets_dir=snippets_dir)
    node = yaml.compose(text, Loader=yaml.SafeLoader)  # the text has just been loaded safely and bounded
    old = before.meetings.term
    if old is None:
        where = _key_position(node, "meetings")
        raise SyllabusError([Problem(name, *where, "meetings.term", "expected the term's dates, like "
                                     "{start: 2024-10-20, end: 2025-01-24}, to roll forward from; the syllabus gives none")])
    weeks, end, name_change = _plan(before, old, request)
    editor = _Editor(text, node, before, weeks, request.start, end, name_change)
    new_text = editor.edited()
    try:
        after = parse_syllabus(new_text, name=name, root=root, snippets_dir=snippets_dir)
    except SyllabusError as error:
        raise RolledSyllabusError(error.problems) from None
    return RolledTerm(new_text, before, after, weeks, name_change, tuple(editor.moved), tuple(editor.kept),
                      tuple(editor.recordings), editor.announcements, tuple(before.meetings.no_class),
                      tuple(editor.offsets))


def _plan(before: Syllabus, old: Term, request: TermRequest) -> tuple[int, dt.date, TermName]:
    """Weeks to move, the new end and the new name; raises TermRequestError with every problem."""
    problems = []
    if request.start <= old.start:
        problems.append(f"--start: expected a day after the current term's start ({day(old.start)}), "
                        f"got {request.start.isoformat()}")
    # The first week-aligned day on or after --start: a Tuesday lecture of the old first week
    # becomes the first Tuesday of the new term, never a day before it starts.
    weeks = max(1, math.ceil((request.start - old.start).days / 7))
    end = request.end or old.end + weeks * _WEEK
    if request.end is not None and request.end < request.start:
        problems.append(f"--end: expected a day on or after --start ({request.start.isoformat()}), got {request.end.isoformat()}")
    languages = before.course.languages
    given, name_problems = parse_given_names(request.names, languages)
    years = round(weeks * 7 / 365.2425)
    name_change, unnamed = new_term_name(before.course.term, given, languages, years)
    early = request.start <= old.start  # then the years moved, and a name told from them, mean nothing
    problems += name_problems or ([] if early else unnamed)
    if problems:
        raise TermRequestError(problems)
    return weeks, end, name_change


@dataclass
class _Editor:
    """Collects the edits of one roll on the parser's node tree, then applies them to the text."""

    text: str
    root: yaml.MappingNode
    before: Syllabus
    weeks: int
    start: dt.date
    end: dt.date
    name: TermName
    edits: TextEdits = field(init=False)
    moved: list[MovedValue] = field(default_factory=list)
    kept: list[MovedValue] = field(default_factory=list)
    recordings: list[tuple[int, int]] = field(default_factory=list)
    announcements: int = 0
    offsets: list[OffsetCheck] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.edits = TextEdits(self.text)

    def edited(self) -> str:
        top = entries(self.root)
        if (meetings := value(top, "meetings")) is not None:
            self._meetings(meetings)
        if (course := value(top, "course")) is not None:
            self._course(course)
        for i, lecture in enumerate(items(value(top, "lectures"))):
            self._lecture(lecture, ("lectures", i), self.before.lectures[i].number)
        for i, assignment in enumerate(items(value(top, "assignments"))):
            found = entries(assignment)
            for key in ("release", "due"):
                self._move(value(found, key), ("assignments", i, key), "assignment", moment=True)
        return self.edits.applied()

    # -- sections ----------------------------------------------------------------------------
    def _meetings(self, meetings: yaml.Node) -> None:
        found = entries(meetings)
        term = entries(value(found, "term"))
        for key, new in (("start", self.start), ("end", self.end)):
            if (node := value(term, key)) is not None:
                self._set_date(node, new)
        if "no_class" in found:
            self._days_off(meetings, found["no_class"])

    def _course(self, course: yaml.Node) -> None:
        found = entries(course)
        if "announcements" in found:
            _, key, announcements = found["announcements"]
            self.announcements = len(items(announcements))
            self.edits.empty_list(key, announcements)
        if self.name.changed:
            self._rename(course, found)

    def _lecture(self, lecture: yaml.Node, path: KeyPath, number: int | None) -> None:
        found = entries(lecture)
        self._move(value(found, "date"), (*path, "date"), "lecture", moment=False)
        self._move(value(found, "release"), (*path, "release"), "release", moment=True)
        slides = value(found, "slides")
        for j, deck in enumerate(items(slides) if isinstance(slides, yaml.SequenceNode) else [slides]):
            self._move(value(entries(deck), "release"), (*path, "slides", j, "release"), "release", moment=True)
        for j, exercise in enumerate(items(value(found, "exercises"))):
            parts = entries(exercise)
            for key in ("release", "solution_release"):
                self._move(value(parts, key), (*path, "exercises", j, key), "release", moment=True)
            for k, link in enumerate(items(value(parts, "links"))):
                self._move(value(entries(link), "release"), (*path, "exercises", j, "links", k, "release"),
                           "release", moment=True)
        if "recordings" in found:
            index, _, recordings = found["recordings"]
            self.edits.remove_entry(lecture, index)
            if items(recordings):
                self.recordings.append((number, len(items(recordings))))

    def _days_off(self, meetings: yaml.MappingNode, entry: tuple[int, yaml.Node, yaml.Node]) -> None:
        """Clear meetings.no_class; the old days stay listed in a comment above it, for reference."""
        _, key, days_off = entry
        text = self.edits
        text.empty_list(key, days_off)
        line = text.line_start(key.start_mark.index)
        if meetings.flow_style or self.text[line:key.start_mark.index].strip():
            return  # `{…, no_class: []}` has no line of its own to comment above
        first = line
        while first > 0 and _OLD_DAY_OFF.match(text.line_before(first)):
            first = text.line_start(first - 1)
        if first > 0 and _OLD_DAYS_OFF.match(text.line_before(first)):
            first = text.line_start(first - 1)  # the last roll's list: replaced, not stacked
        else:
            first = line
        days = self.before.meetings.no_class
        if not days and first == line:
            return
        indent, newline = " " * key.start_mark.column, text.newline
        language = self.before.course.languages[0]
        term = _one_line(localize(self.name.old, language, "")) or "the last term"
        comment = [f"{indent}# Days off in {term}, for reference (cleared by `syllabuild term new`; add the new term's):"]
        comment += [f"{indent}#   {d.date.isoformat()}  {_one_line(localize(d.reason, language, ''))}".rstrip() for d in days]
        text.replace(first, line, "".join(c + newline for c in comment) if days else "")

    def _rename(self, course: yaml.MappingNode, found: dict) -> None:
        new = self.name.new
        if "term" not in found:
            self._insert_name(course, found)
            return
        _, key, name = found["term"]
        if isinstance(name, yaml.MappingNode) and isinstance(new, dict):
            for _, language, text in entries(name).values():
                if new.get(language.value) != text.value:
                    self.edits.set_scalar(text, new[language.value], flow=name.flow_style or course.flow_style)
            return
        if isinstance(name, yaml.ScalarNode) and name.tag == "tag:yaml.org,2002:null" and not name.value:
            colon = self.text.index(":", key.end_mark.index) + 1  # `term:` with nothing after it
            self.edits.replace(colon, colon, " " + scalar_text(new, None, flow=course.flow_style))
            return
        self.edits.set_scalar(name, new, flow=course.flow_style)

    def _insert_name(self, course: yaml.MappingNode, found: dict) -> None:
        """`term:` right after `title:`, in the course section's style."""
        _, title_key, title = found["title"]
        after = content_end(title)
        new = self.name.new
        written = scalar_text(new, None, flow=course.flow_style) if isinstance(new, str) else \
            "{" + ", ".join(f"{lang}: {scalar_text(text, None, flow=True)}" for lang, text in new.items()) + "}"
        if course.flow_style:
            self.edits.replace(after, after, f", term: {written}")
        else:
            line_end = self.edits.line_end(after - 1)
            self.edits.replace(line_end, line_end, f"{' ' * title_key.start_mark.column}term: {written}{self.edits.newline}")

    # -- edits of one value ------------------------------------------------------------------
    def _move(self, node: yaml.Node | None, path: KeyPath, kind: str, *, moment: bool) -> None:
        found = self._date_in(node)
        if found is None:
            return
        match, old_day = found
        if moment and not (self.before.meetings.term.start - NEAR_THE_TERM <= old_day
                           <= self.before.meetings.term.end + NEAR_THE_TERM):
            self.kept.append(MovedValue(path, kind, node.value, node.value))  # `2999-01-01`: "not yet"
            return
        written = _written(old_day + self.weeks * _WEEK, match)
        self.edits.replace(match.start(), match.end(), written)
        new = node.value.replace(match[0], written, 1)
        self.moved.append(MovedValue(path, kind, node.value, new))
        if moment and (check := self._offset_check(path, node.value, new)):
            self.offsets.append(check)

    def _set_date(self, node: yaml.Node, new: dt.date) -> None:
        if (found := self._date_in(node)) is not None:
            match, _ = found
            self.edits.replace(match.start(), match.end(), _written(new, match))

    def _date_in(self, node: yaml.Node | None) -> tuple[re.Match, dt.date] | None:
        """The date written at the start of the scalar `node` (its match in the text) and that date."""
        if not isinstance(node, yaml.ScalarNode):
            return None
        start = node.start_mark.index
        match = _DATE.match(self.text, start + (1 if node.style in ("'", '"') else 0), node.end_mark.index)
        if match is None:
            return None
        try:
            return match, dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None  # validated already; an impossible date would have been reported

    def _offset_check(self, path: KeyPath, old: str, new: str) -> OffsetCheck | None:
        try:
            before, after = dt.datetime.fromisoformat(old.strip()), dt.datetime.fromisoformat(new.strip())
            zone = ZoneInfo(self.before.meetings.timezone)
        except (ValueError, LookupError):
            return None
        if before.tzinfo is None:
            return None
        if before.utcoffset() == before.astimezone(zone).utcoffset() and after.utcoffset() != after.astimezone(zone).utcoffset():
            return OffsetCheck(path, new, after.astimezone(zone).replace(tzinfo=None))
        return None


def _key_position(root: yaml.Node, key: str) -> tuple[int, int]:
    found = entries(root)
    if key in found:
        mark = found[key][1].start_mark
        return mark.line + 1, mark.column + 1
    return 1, 1


def _written(new: dt.date, like: re.Match) -> str:
    """`new` written as the old date was: `2024-1-2 10:00:00` keeps its month and day without leading zeros."""
    month = f"{new.month:02d}" if len(like[2]) == 2 else str(new.month)
    day_ = f"{new.day:02d}" if len(like[3]) == 2 else str(new.day)
    return f"{new.year:04d}-{month}-{day_}"


def _one_line(text: str) -> str:
    return clipped(" ".join(text.split()), 100)
