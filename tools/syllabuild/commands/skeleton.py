"""A new course project, written from the `course_template/` folder beside this module.

The template is plain files: `NAME.template` is filled in with `string.Template` and loses the
suffix, a leading `dot-` becomes `.` (so `.gitignore` and `.github/` ship in a wheel like any
other file), everything else is copied as it is. The project is written into a hidden sibling
folder and renamed into place at the end, so a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from string import Template
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruamel.yaml import YAML

from syllabuild import __version__
from syllabuild.i18n import has_catalogue
from syllabuild.i18n.catalogues import CATALOGUES
from syllabuild.pages import text
from syllabuild.schedule.dates import WEEKDAYS
from syllabuild.syllabus import parse_syllabus

__all__ = ["SCHEMA_FILE", "SHIPPED_SCHEMA", "TEMPLATE", "CourseAnswers", "SkeletonError", "coming_monday", "local_timezone", "write_course"]

TEMPLATE = Path(__file__).resolve().parent / "course_template"
"""The files of a new course project."""
SCHEMA_FILE = "syllabus.schema.json"
"""The copy of the installed schema, beside syllabus.yaml (its first line names it)."""
SHIPPED_SCHEMA = resources.files("syllabuild.syllabus").joinpath(SCHEMA_FILE)
"""The schema the installed syllabuild ships (what `syllabuild schema` writes)."""
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")  # as the model's LanguageCode


class SkeletonError(Exception):
    """The project cannot be written; `lines()` says why, one problem a line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        return list(self.problems)


@dataclass(frozen=True)
class CourseAnswers:
    """What `syllabuild new course` asks; every other setting starts at an example value."""

    title: str
    start: dt.date
    """First day of the term; the weekly lecture falls on its weekday."""
    language: str = "en"
    timezone: str = "UTC"
    weeks: int = 13
    term: str | None = None
    """The term's name on the site, like "Spring 2026" (default: from the start's month)."""
    site_url: str | None = None
    """Where the site is published (default: a placeholder under courses.example.edu)."""

    def problems(self) -> list[str]:
        """Every answer that cannot be used, as `--option: expected …, got …`."""
        found = []
        if not self.title.strip():
            found.append('--title: expected the course\'s name, like "Deep Learning", got an empty one')
        elif any(ord(char) < 32 for char in self.title):
            found.append(f"--title: expected one line of text, got {self.title!r}")
        if not _LANGUAGE.match(self.language):
            found.append(f'--language: expected a language code like en, he or pt-BR, got "{self.language}"')
        elif not has_catalogue(self.language):
            # Its headings would show in English, and every strict build (so the deploy) stops on that warning.
            spoken = ", ".join(sorted(CATALOGUES))
            found.append(f"--language: expected a language syllabuild's pages speak ({spoken}), got "
                         f'"{self.language}": in any other their headings show in English and strict builds stop')
        if not _is_zone(self.timezone):
            found.append(f'--timezone: expected a time zone like Europe/Berlin or UTC, got "{self.timezone}"')
        if not 1 <= self.weeks <= 52:
            found.append(f"--weeks: expected a number of weeks from 1 to 52, got {self.weeks}")
        if self.site_url is not None and not re.match(r"^https?://[^\s/]+(/\S*)?$", self.site_url):
            found.append(f'--site-url: expected an address like https://owner.github.io/course/, got "{self.site_url}"')
        return found


def write_course(target: Path, answers: CourseAnswers) -> list[Path]:
    """Write a complete course project into `target`, a new or empty folder.

    Returns:
        The files written, relative to `target`, in path order.

    Raises:
        SkeletonError: the answers cannot be used, or `target` is not a new or empty folder.
            Nothing is written then.
    """
    problems = answers.problems()
    if target.exists() and not target.is_dir():
        problems.append(f"{target}: exists and is not a folder; give a new or empty folder")
    elif target.is_dir() and any(target.iterdir()):
        problems.append(f"{target}: not empty; a new course goes into a new or empty folder")
    if problems:
        raise SkeletonError(problems)
    values = _values(target, answers)
    folder = target.absolute()
    staging = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging_folder(folder)
        written = _render(staging, values)
        # The template and the answers together must make a valid course; a failure here is a bug.
        parse_syllabus((staging / "syllabus.yaml").read_text(encoding="utf-8"), name="syllabus.yaml")
        (staging / SCHEMA_FILE).write_bytes(SHIPPED_SCHEMA.read_bytes())
        written.append(Path(SCHEMA_FILE))
        _move_into_place(staging, folder)
    except OSError as error:
        raise SkeletonError([f"{target}: cannot write the course: {error.strerror or error}"]) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return sorted(written)


def _move_into_place(staging: Path, folder: Path) -> None:
    """Rename the finished project to `folder`; into it, entry by entry, when it is an empty folder.

    The empty folder is kept rather than replaced: it may be the shell's current folder, which
    would be left pointing at a deleted one. A failure moves back out what was moved in.
    """
    if not folder.exists():
        staging.rename(folder)
        return
    moved = []
    try:
        for entry in sorted(staging.iterdir()):
            destination = folder / entry.name
            if destination.exists():  # something appeared meanwhile: never overwrite it
                raise FileExistsError(errno.EEXIST, "a file appeared in it meanwhile", str(destination))
            entry.rename(destination)
            moved.append(destination)
    except BaseException:
        for destination in moved:
            destination.rename(staging / destination.name)
        raise


def coming_monday(today: dt.date) -> dt.date:
    """`today` if it is a Monday, else the next Monday: where a term usually starts."""
    return today + dt.timedelta(days=-today.weekday() % 7)


def local_timezone() -> str:
    """This computer's IANA time zone (`TZ`, else /etc/localtime's link), or UTC."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        link = ""
    candidates.append(link.partition("zoneinfo/")[2])
    return next((name for name in candidates if name and _is_zone(name)), "UTC")


def _is_zone(name: str) -> bool:
    if not name or name.startswith(("/", ".")) or "\\" in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _values(target: Path, answers: CourseAnswers) -> dict[str, str]:
    """What the templates are filled in with; text that goes into YAML is already a YAML scalar."""
    start = answers.start
    end = start + dt.timedelta(weeks=answers.weeks, days=-1)
    slug = text.slugify(target.resolve().name) or "course"
    title = answers.title.strip()

    def week(number: int) -> str:
        return (start + dt.timedelta(weeks=min(number, answers.weeks) - 1)).isoformat()

    return {
        "title": _scalar(title),
        "site_name": _scalar(title),
        "term": _scalar(answers.term.strip() if answers.term and answers.term.strip() else _term_name(start)),
        "language": answers.language,
        # Material has interface words for `en` and `he`, not for every regional variant (en-GB).
        "theme_language": answers.language.split("-")[0],
        "timezone": answers.timezone,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weekday": WEEKDAYS[start.weekday()],
        "week3": week(3),
        "week4": week(4),
        # The first homework comes out after the first lecture and is due a week later.
        "hw1_release": f"{start.isoformat()}T12:00",
        "hw1_due": f"{(start + dt.timedelta(weeks=1)).isoformat()}T23:59",
        "exam_day": (end + dt.timedelta(days=14)).isoformat(),
        "site_url": _scalar(answers.site_url or f"https://courses.example.edu/{slug}/"),
        "version": _version(),
        # For Markdown (the README), not YAML: the title as typed.
        "name": title,
    }


def _render(staging: Path, values: dict[str, str]) -> list[Path]:
    written = []
    for source in sorted(TEMPLATE.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = Path(*(_unhidden(part) for part in source.relative_to(TEMPLATE).parts))
        content = source.read_text(encoding="utf-8")
        if relative.suffix == ".template":
            relative = relative.with_suffix("")
            content = Template(content).substitute(values)
        destination = staging / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(content, encoding="utf-8")
        shutil.copymode(source, destination)
        written.append(relative)
    return written


def _unhidden(part: str) -> str:
    return "." + part.removeprefix("dot-") if part.startswith("dot-") else part


def _staging_folder(target: Path) -> Path:
    """A new hidden sibling of `target`, created with the usual permissions (not mkdtemp's 0700)."""
    while True:
        staging = target.parent / f".{target.name}.new-{secrets.token_hex(4)}"
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        return staging


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when that reads back the same, quoted otherwise."""
    out = io.StringIO()
    yaml = YAML()
    yaml.width = 4096
    yaml.dump({"x": value}, out)
    return out.getvalue().removeprefix("x: ").rstrip("\n")


def _term_name(start: dt.date) -> str:
    season = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring",
              6: "Summer", 7: "Summer", 8: "Summer"}.get(start.month, "Fall")
    return f"{season} {start.year}"


def _version() -> str:
    try:
        return metadata.version("syllabuild")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return __version__
