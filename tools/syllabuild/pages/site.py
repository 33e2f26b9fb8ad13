"""From the model to page Markdown: pure functions, no MkDocs, no disk writes."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2

from syllabuild.i18n.messages import messages_for
from syllabuild.pages import icons, text
from syllabuild.pages import timeline as browser_dates
from syllabuild.pages.units import unit_message
from syllabuild.project.archive import ARCHIVE_FOLDER, ArchivedTerm
from syllabuild.schedule import CourseCalendar
from syllabuild.snippets.markup import file_reference
from syllabuild.syllabus.model import Assignment, Citation, ExerciseLink, Lecture, Reference, Syllabus, Topic


@dataclass(frozen=True)
class SiteContext:
    """What the renderer needs to know beyond the syllabus."""

    project_dir: Path
    lectures_dir: str = "lectures"
    snippets_dir: str = "snippets"
    problems: tuple[str, ...] = ()
    """Syllabus errors to show on every page (serve keeps the last good site)."""
    repo_url: str = ""
    lang: str = "en"
    notes: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Lecture number -> (notes path, notes Markdown); read by the caller so rendering stays pure."""
    notebook_pages: dict[str, str | None] = field(default_factory=dict)
    """Notebook path in the repository -> its docs page; None while a solution is not yet released."""
    now: dt.datetime | None = None
    """The moment the site shows (release dates are applied by the caller, see `schedule.visible_at`)."""
    feed: str = "calendar.ics"
    """Site path of the calendar feed the pages offer to subscribe to; empty for none."""
    directory_urls: bool = True
    """MkDocs `use_directory_urls`, for links inside the dates the pages embed."""
    archived: tuple[ArchivedTerm, ...] = ()
    """The project's archived terms, newest first: listed on the past terms page (none: no page)."""


@dataclass(frozen=True)
class GeneratedPage:
    path: str
    """Path inside docs/, e.g. lectures/03-multilayer-networks.md."""
    title: str
    markdown: str
    section: str | None = None
    """Nav section the page belongs to."""


_env = jinja2.Environment(
    loader=jinja2.PackageLoader("syllabuild.pages", "templates"),
    autoescape=False,  # Markdown output: escaping is explicit through the `t`/`md` helpers
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)


def keep_compiled_templates(directory: Path) -> None:
    """Keep the page templates' compiled code in `directory`, for the next process to load.

    Compiling the templates costs more than rendering every page with them; within one
    process they are compiled once anyway (`serve`'s rebuilds). The cache checks each
    template's source, so an edited template is compiled again. Idempotent.
    """
    current = _env.bytecode_cache
    if isinstance(current, jinja2.FileSystemBytecodeCache) and current.directory == str(directory):
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only project: compile as before
    _env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(directory))


class Helpers:
    """Template helpers bound to one language and one page location."""

    def __init__(self, syllabus: Syllabus, context: SiteContext, page_path: str) -> None:
        self.syllabus = syllabus
        self.context = context
        self.lang = context.lang
        self.messages = messages_for(context.lang)
        self.default_lang = syllabus.course.languages[0]
        self.page_dir = PurePosixPath(page_path).parent
        self.icons = icons

    def raw(self, value) -> str:
        return text.localize(value, self.lang, self.default_lang)

    def t(self, value) -> str:
        return text.plain(self.raw(value))

    def md(self, value) -> str:
        return text.markdown(self.raw(value))

    def md_cell(self, value) -> str:
        """Markdown that stays inside one table cell: one line, its `|` escaped."""
        return text.markdown(self.raw(value)).replace("\n", " ").replace("|", "\\|")

    def join(self, values, separator: str = ", ") -> str:
        return separator.join(self.t(value) for value in values)

    def url(self, value: str) -> str:
        return text.url(value)

    def link(self, label: str, target: str) -> str:
        return f"[{label}]({text.url(target)})"

    def page(self, target: str, anchor: str = "") -> str:
        """Relative link from this page to another docs page (MkDocs validates these)."""
        relative = _relpath(PurePosixPath(target), self.page_dir)
        return f"{relative}#{anchor}" if anchor else relative

    def href(self, target: str) -> str:
        """A link staff wrote: a URL as it is; a relative path is a page or file of docs/.

        Resolved from the docs root once, so `setup/anaconda.md` works on a lecture page as on
        the readings page.
        """
        if _is_absolute(target):
            return text.url(target)
        return text.url(self.page(target))

    def file_link(self, target: str) -> str:
        """A repository file (notebook, PDF; relative to mkdocs.yml) or a URL."""
        if _is_absolute(target):
            return text.url(target)
        if self.context.notebook_pages.get(target):
            return self.page(self.context.notebook_pages[target])
        if self.context.repo_url:
            return text.url(f"{self.context.repo_url.rstrip('/')}/blob/main/{target}")
        return text.url(target)

    def exercise_href(self, link: ExerciseLink) -> str:
        """Notebooks and the short form's notebook and solution are repository files; other links pages of docs/."""
        if link.url.endswith(".ipynb") or link.kind in ("notebook", "solution"):
            return self.file_link(link.url)
        return self.href(link.url)

    def exercise_label(self, link: ExerciseLink) -> str:
        if link.label:
            return self.t(link.label)
        if link.kind == "other":
            return self._("notebook" if link.url.endswith(".ipynb") else "link")
        return self._(link.kind)

    def indent(self, value: str, spaces: int = 4) -> str:
        return text.indent(value, spaces)

    def _(self, message: str, **values) -> str:
        """The generated page's own words (headings, labels) in the page language."""
        return self.messages(message, **values)

    def unit(self, message: str, **values) -> str:
        """A message naming the course's unit: `h.unit("Lecture {number}", number=3)` is "Day 3" in a course of days."""
        return self.messages(unit_message(self.syllabus.course.unit, message), **values)

    def day(self, value) -> str:
        return self.messages.day(value)

    def short_day(self, value) -> str:
        return self.messages.short_day(value)

    def moment(self, value) -> str:
        return self.messages.moment(value)

    def weekday(self, name: str) -> str:
        return self.messages.weekday(name)

    def clock(self, start, end) -> str:
        """`10:30–12:30`; on right-to-left pages kept left to right, or it would read 12:30–10:30."""
        span = text.clock(start, end)
        return f'<span dir="ltr">{span}</span>' if self.messages.direction == "rtl" else span
    number = staticmethod(text.number)

    def lecture_path(self, lecture: Lecture) -> str:
        return lecture_path(lecture, self.default_lang)

    def awaits_recording(self, entry) -> bool:
        """Whether a lecture without a recording has taken place (its date before `now`) in a course that records.

        A course records when some lecture has a recording: one that never does would otherwise
        promise a recording on every past lecture.
        """
        now = self.context.now
        if now is None or entry.date is None or entry.lecture.status == "dropped" or entry.lecture.recordings:
            return False
        records = any(lecture.recordings for lecture in self.syllabus.lectures)
        return records and entry.date < now.date()

    def assignment_page(self, assignment: Assignment) -> str:
        """Link to the assignment's page; empty while it has none (a draft, not yet released)."""
        return self.page(assignment_path(assignment)) if has_page(assignment) else ""

    def assignment_weights(self, assignment: Assignment) -> list[tuple[str, float]]:
        """(grading component · scheme, percent) of the assignment; see `assignment_weights`."""
        return assignment_weights(self.syllabus, assignment, self.lang)

    def lectures_of(self, assignment: Assignment) -> list[Lecture]:
        """The built lectures an assignment belongs to (a draft one has no page to link)."""
        return [lec for lec in self.syllabus.lectures if lec.number in assignment.lectures and lec.status != "draft"]

    def is_topic(self, item) -> bool:
        return isinstance(item, Topic)

    def is_citation(self, reading) -> bool:
        return isinstance(reading, Citation)

    def bib(self, key: str):
        return self.syllabus.bibliography[key]

    def bib_anchor(self, key: str) -> str:
        return "bib-" + text.slugify(key)

    def reading_icon(self, reading) -> str:
        """The icon of the reading's kind, followed by a space; nothing for a reading of no kind."""
        kind = reading_kind(self.syllabus, reading)
        if kind is None:
            return ""
        shortcode, label = icons.READING_TYPES[kind]
        return f':{shortcode}:{{ title="{self._(label)}" }} '

    def all_readings(self, lecture: Lecture) -> list:
        return all_readings(lecture)

    def slug(self, value) -> str:
        return text.slugify(self.raw(value))

    def snippet(self, relpath: str) -> str:
        return file_reference(relpath)


def _is_absolute(target: str) -> bool:
    """A URL with a scheme, a site-absolute path or an anchor: linked as written."""
    return "://" in target or target.startswith(("mailto:", "/", "#"))


def lecture_path(lecture: Lecture, default_lang: str = "en") -> str:
    title = text.localize(lecture.title, default_lang, default_lang)
    return f"lectures/{lecture.number:02d}-{text.slugify(title)[:48].strip('-')}.md"


def assignment_path(assignment: Assignment) -> str:
    return f"assignments/{assignment.id}.md"


def has_page(assignment: Assignment) -> bool:
    """Whether the assignment has its own page: released (see `schedule.visible_at`) and not a draft."""
    return assignment.status != "draft"


def assignment_weights(syllabus: Syllabus, assignment: Assignment, lang: str) -> list[tuple[str, float]]:
    """(where, percent) of the assignment in each grading scheme that names it or its kind.

    The assignment's own `weight:` when given (where is empty); else a component or part whose
    name is the assignment's title, or its kind ("Homework", "Homeworks"), in any language;
    where names that component and its scheme, since a kind's weight is shared by its assignments.
    """
    if assignment.weight is not None:
        return [("", assignment.weight)]
    default = syllabus.course.languages[0]

    def names(value) -> set[str]:
        texts = value.values() if isinstance(value, dict) else [value]
        return {t.strip().casefold() for t in texts}

    wanted = names(assignment.title) | {assignment.kind, assignment.kind + "s"}
    found = []
    for scheme in syllabus.grading.schemes if syllabus.grading else []:
        for component in [*scheme.components, *scheme.bonus]:
            for item in [component, *component.parts]:
                if names(item.name) & wanted:
                    where = f"{text.localize(item.name, lang, default)} · {text.localize(scheme.name, lang, default)}"
                    found.append((where, item.weight))
                    break
            else:
                continue
            break
    return found


def _relpath(target: PurePosixPath, start: PurePosixPath) -> str:
    parts_t, parts_s = target.parts, start.parts if str(start) != "." else ()
    common = 0
    while common < min(len(parts_t), len(parts_s)) and parts_t[common] == parts_s[common]:
        common += 1
    return "/".join([".."] * (len(parts_s) - common) + list(parts_t[common:]))


def _render(template: str, path: str, syllabus: Syllabus, context: SiteContext, **values) -> str:
    h = Helpers(syllabus, context, path)
    body = _env.get_template(template).render(h=h, s=syllabus, course=syllabus.course, **values)
    body = re.sub(r"\n{3,}", "\n\n", body)
    if context.problems:
        # After the front matter: before it, the front matter would be shown as page text.
        head, rest = text.split_front_matter(body)
        body = head + _problems_banner(context.problems) + rest
    return body


def _problems_banner(problems: tuple[str, ...]) -> str:
    lines = "\n".join(f"    - `{line}`" for line in problems)
    return (
        '!!! failure "The syllabus has errors: this page shows the last version that worked"\n\n'
        f"{lines}\n\n"
    )


def render_site(syllabus: Syllabus, context: SiteContext) -> list[GeneratedPage]:
    """Every generated page of the course, in nav order."""
    calendar = CourseCalendar.from_syllabus(syllabus)
    built = [entry for entry in calendar.lectures if entry.lecture.status != "draft"]
    h = Helpers(syllabus, context, "index.md")
    pages: list[GeneratedPage] = []

    def add(path: str, title: str, template: str, section: str | None = None, **values) -> None:
        # MkDocs themes print nav and <title> text unescaped: escape staff-written titles here.
        title = html.escape(title, quote=False)
        pages.append(GeneratedPage(path, title, _render(template, path, syllabus, context, title=title, **values), section))

    paths = {entry.lecture.number: lecture_path(entry.lecture, h.default_lang) for entry in built}

    assignment_pages = {a.id: assignment_path(a) for a in syllabus.assignments if has_page(a)}

    def dates(page: str) -> str:
        data = browser_dates.timeline(syllabus, page, directory_urls=context.directory_urls, lecture_paths=paths,
                                      lang=context.lang, assignment_paths=assignment_pages)
        return browser_dates.timeline_json(data)

    rows = schedule_rows(syllabus, calendar)
    # A course without dates has no "this week", no feed to subscribe to and no schedule of TBAs.
    moments = syllabus.meetings.term is not None or any(row.date for row in rows)
    feed = context.feed if has_events(syllabus, calendar) else ""
    add("index.md", h._("Home"), "home.md.j2", calendar=calendar, lectures=built, dates=dates("index.md") if moments else "",
        feed=feed)
    if moments:
        add("weeks.md", h._("Week by week"), "week.md.j2", weeks=week_plan(syllabus, calendar, rows),
            dates=dates("weeks.md"), feed=feed, countdown=_countdown_json(syllabus, calendar, h, context), now=context.now)
        add("schedule.md", h._("Schedule"), "schedule.md.j2", rows=rows, dates=dates("schedule.md"), feed=feed)
    add("lectures/index.md", h.unit("Lectures"), "lectures.md.j2", h.unit("Lectures"), lectures=built, dated=moments)
    for entry in built:
        path = lecture_path(entry.lecture, h.default_lang)
        notes = context.notes.get(entry.lecture.number)
        add(path, f"{entry.lecture.number}. {h.raw(entry.lecture.title)}", "lecture.md.j2", h.unit("Lectures"),
            entry=entry, lecture=entry.lecture, notes=notes)
    add("readings.md", h._("Readings"), "readings.md.j2", lectures=built, by_type=readings_by_type(syllabus, built))
    if syllabus.grading or syllabus.assignments:
        add("grading.md", h._("Grading"), "grading.md.j2")
    for assignment in syllabus.assignments:
        if has_page(assignment):
            add(assignment_path(assignment), h.raw(assignment.title), "assignment.md.j2", h._("Assignments"),
                assignment=assignment, calendar=calendar)
    if syllabus.resources:
        add("resources.md", h._("Resources"), "resources.md.j2")
    if syllabus.policies:
        add("policies.md", h._("Policies"), "policies.md.j2")
    if context.archived:
        add(PAST_TERMS_PAGE, h._("Past terms"), "archive.md.j2", terms=past_terms(context, h.default_lang))
    return pages


PAST_TERMS_PAGE = f"{ARCHIVE_FOLDER}/index.md"
"""The page listing the archived terms: the index of the folder that holds them in the site."""


@dataclass(frozen=True)
class PastTerm:
    """One line of the past terms page."""

    label: str
    href: str
    dates: str


def past_terms(context: SiteContext, default_lang: str) -> list[PastTerm]:
    """The archived terms as the past terms page of `context.lang` lists them, newest first.

    Each links to the archived site in the page's language where the term had one, else to its
    default language; the archived terms sit at `archive/<slug>/` of the site, beside this page.
    """
    words = messages_for(context.lang)
    found = []
    for term in context.archived:
        edition = f"{context.lang}/" if context.lang in term.languages[1:] else ""
        # This page is `archive/index.md` of its edition; another language's edition is under `<lang>/`.
        href = f"{term.slug}/{edition}" if context.lang == default_lang else f"../../{ARCHIVE_FOLDER}/{term.slug}/{edition}"
        if not context.directory_urls:
            href += "index.html"
        dates = f"{words.day(term.start)} – {words.day(term.end)}" if term.start and term.end else ""
        found.append(PastTerm(html.escape(term.label(context.lang)), html.escape(href), dates))
    return found


@dataclass(frozen=True)
class ScheduleRow:
    date: dt.date | None
    week: int | None
    kind: str
    """lecture, draft, session (tutorial, lab, …), deadline, release, no-class"""
    item: object


def schedule_rows(syllabus: Syllabus, calendar: CourseCalendar) -> list[ScheduleRow]:
    """One row per dated event, in date order; undated lectures last."""
    # A draft still holds its slot (publishing it must not move later lectures); its title stays private.
    rows = [ScheduleRow(e.date, e.week, "draft" if e.lecture.status == "draft" else "lecture", e) for e in calendar.lectures]
    for assignment in syllabus.assignments:
        if assignment.release:
            day = assignment.release.date()
            rows.append(ScheduleRow(day, calendar.week(day), "release", assignment))
        if assignment.due:
            day = assignment.due.date()
            rows.append(ScheduleRow(day, calendar.week(day), "deadline", assignment))
    for session in calendar.sessions:
        rows.append(ScheduleRow(session.date, session.week, "session", session))
    for closed in syllabus.meetings.no_class:
        rows.append(ScheduleRow(closed.date, calendar.week(closed.date), "no-class", closed))
    order = {"no-class": 0, "lecture": 1, "draft": 1, "session": 2, "release": 3, "deadline": 4}
    return sorted(rows, key=lambda r: (r.date is None, r.date or dt.date.max, order[r.kind]))


def has_events(syllabus: Syllabus, calendar: CourseCalendar) -> bool:
    """Whether the calendar feed has an event: a dated lecture, a session or a deadline."""
    lectures = any(e.date and e.lecture.status != "dropped" for e in calendar.lectures)
    return lectures or bool(calendar.sessions) or any(a.due for a in syllabus.assignments)


def reading_kind(syllabus: Syllabus, reading) -> str | None:
    """The type of a reading, or of the bibliography entry it cites; None when not given."""
    return syllabus.bibliography[reading.cite].type if isinstance(reading, Citation) else reading.type


def readings_by_type(syllabus: Syllabus, lectures) -> dict[str | None, list[tuple[object, Lecture]]]:
    """Every reading of every built lecture (topics included), grouped by its kind; readings of no kind last."""
    groups: dict[str | None, list] = {kind: [] for kind in [*icons.READING_TYPES, None]}
    for entry in lectures:
        for reading in all_readings(entry.lecture):
            groups[reading_kind(syllabus, reading)].append((reading, entry.lecture))
    return {kind: items for kind, items in groups.items() if items}


def all_readings(lecture: Lecture) -> list[Citation | Reference]:
    found = list(lecture.readings)

    def walk(topics) -> None:
        for topic in topics:
            if isinstance(topic, Topic):
                found.extend(topic.readings)
                walk(topic.topics)

    walk(lecture.topics)
    return found



@dataclass(frozen=True)
class Week:
    """One week of the term as the week view shows it."""

    number: int
    start: dt.date
    end: dt.date
    """Its last day."""
    rows: tuple[ScheduleRow, ...]
    """Lectures, sessions, releases, deadlines and days off of the week, in date order."""


def week_plan(syllabus: Syllabus, calendar: CourseCalendar, rows: list[ScheduleRow]) -> list[Week]:
    """Every week of the term, each with its dated rows of the schedule; weeks past the term end if something falls there."""
    term = syllabus.meetings.term
    last = max([*([term.end] if term else []), *(r.date for r in rows if r.date and r.week)], default=None)
    weeks = []
    for number, start in calendar.week_starts(last):
        first = start.date()
        weeks.append(Week(number, first, first + dt.timedelta(days=6),
                          tuple(r for r in rows if r.week == number)))
    return weeks


def _countdown_json(syllabus: Syllabus, calendar: CourseCalendar, h: Helpers, context: SiteContext) -> str:
    """The deadlines `week.js` counts down to, with their pages, and its words in the page language."""
    page = "weeks.md"
    here = browser_dates.page_url(page, context.directory_urls)
    deadlines = []
    for assignment in sorted((a for a in syllabus.assignments if a.due), key=lambda a: calendar.aware(a.due)):
        item = {"title": h.raw(assignment.title), "due": calendar.aware(assignment.due).isoformat(timespec="minutes")}
        if has_page(assignment):
            target = browser_dates.page_url(assignment_path(assignment), context.directory_urls)
            item["url"] = browser_dates.relative_url(target, here)
        deadlines.append(item)
    words = ("Next deadline:", "due in {time}", "{days} d {hours} h", "{hours} h {minutes} min", "your time: {time}",
             "this week")
    return browser_dates.timeline_json({"timezone": calendar.timezone, "deadlines": deadlines,
                                        "words": {w: h._(w) for w in words}})
