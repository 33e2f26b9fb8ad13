"""`syllabuild new course PATH`: start a course project; `new lecture|assignment TITLE`: add to syllabus.yaml.

Entries are added keeping the file as written (see `editing`); a course is written whole or
not at all (see `skeleton`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("new", help="start a course, or add a lecture or an assignment to syllabus.yaml")
    kinds = parser.add_subparsers(dest="what", required=True)
    course = kinds.add_parser(
        "course", help="write a new course project into PATH (a new or empty folder)",
        description="Write a complete course project that builds at once: mkdocs.yml, syllabus.yaml, "
                    "lectures/, snippets/, docs/, the deploy workflow, a Makefile and a README.")
    course.add_argument("path", type=Path, metavar="PATH", help="the project's folder; must be new or empty")
    course.add_argument("--title", required=True, help='the course\'s name, e.g. "Deep Learning"')
    course.add_argument("--language", default="en", help="the site's language, as a code like en or he (default: %(default)s)")
    course.add_argument("--timezone", default=None,
                        help="time zone of the meetings, like Europe/Berlin (default: this computer's, else UTC)")
    course.add_argument("--start", default=None, metavar="DATE",
                        help="first day of the term, like 2026-03-02; the weekly lecture falls on its weekday "
                             "(default: the coming Monday, or today if it is one)")
    course.add_argument("--weeks", type=int, default=13, help="length of the term in weeks (default: %(default)s)")
    course.add_argument("--term", default=None, help='the term\'s name on the site (default: from the start, e.g. "Spring 2026")')
    course.add_argument("--site-url", default=None, help="where the site will be published (default: a placeholder to edit)")
    course.set_defaults(func=run_course)
    lecture = kinds.add_parser("lecture", help="add the next lecture and its notes stub in lectures/")
    lecture.add_argument("title")
    lecture.add_argument("-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    lecture.add_argument("--syllabus", default=None, help="path of syllabus.yaml (default: the one mkdocs.yml names)")
    lecture.add_argument("--lectures-dir", default=None,
                         help="notes folder, relative to the syllabus (default: the one mkdocs.yml names)")
    lecture.set_defaults(func=run)
    assignment = kinds.add_parser("assignment", help="add an assignment with the next free id")
    assignment.add_argument("title")
    assignment.add_argument("-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    assignment.add_argument("--syllabus", default=None, help="path of syllabus.yaml (default: the one mkdocs.yml names)")
    assignment.add_argument("--kind", default="homework", choices=("homework", "project", "exam", "quiz", "presentation"))
    assignment.add_argument("--id", default=None, help="identifier (default: the next free one, e.g. hw3)")
    assignment.set_defaults(func=run)


def run_course(args: argparse.Namespace) -> int:
    """`new course`: write the project, or say in one line per problem why not (nothing written then)."""
    from syllabuild.commands.skeleton import CourseAnswers, SkeletonError, coming_monday, local_timezone, write_course
    from syllabuild.pages import text

    problems = []
    try:
        start = dt.date.fromisoformat(args.start) if args.start else coming_monday(dt.date.today())
    except ValueError:
        problems.append(f'--start: expected a date like 2026-03-02, got "{args.start}"')
        start = dt.date.today()
    answers = CourseAnswers(title=args.title, start=start, language=args.language,
                            timezone=args.timezone or local_timezone(), weeks=args.weeks, term=args.term,
                            site_url=args.site_url)
    try:
        if problems:
            raise SkeletonError(problems + answers.problems())
        written = write_course(args.path, answers)
    except SkeletonError as error:
        for line in error.lines():
            print(f"syllabuild new course: {line}", file=sys.stderr)
        return 1
    end = start + dt.timedelta(weeks=answers.weeks, days=-1)
    print(f"{args.path}: new course \"{answers.title.strip()}\", {len(written)} files; term {text.day(start)} "
          f"to {text.day(end)}, lectures on {start:%A}s, times in {answers.timezone}")
    print("next:")
    print(f"  cd {args.path}")
    print("  syllabuild serve       # the site on http://127.0.0.1:8000, rebuilt on every save")
    print("  python -m pytest       # runs the snippets, as the build does")
    return 0


def run(args: argparse.Namespace) -> int:
    from syllabuild.commands.editing import EMPTY_TITLE, add_assignment, add_lecture
    from syllabuild.pages import text
    from syllabuild.commands import open_project
    from syllabuild.syllabus import SyllabusError

    if not args.title.strip():
        print(f"syllabuild new {args.what}: {EMPTY_TITLE}", file=sys.stderr)
        return 1
    config_file = Path(args.config_file)
    project = open_project(config_file, Path.cwd())
    if project is None:
        return 1
    path = Path(args.syllabus) if args.syllabus else project.layout.syllabus
    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 1
    try:
        if args.what == "lecture":
            if getattr(args, "lectures_dir", None):
                lectures_dir = path.parent / args.lectures_dir
            elif args.syllabus:
                lectures_dir = path.parent / project.settings.lectures_dir
            else:
                lectures_dir = project.layout.lectures_dir
            entry = add_lecture(path, args.title, lectures_dir=lectures_dir)
        else:
            entry = add_assignment(path, args.title, kind=args.kind, id=args.id)
    except SyllabusError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        print(f"{path}: not changed", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    when = text.day(entry.date) if entry.date else None
    if args.what == "lecture":
        date = f"on {when} (computed from the meetings)" if when else "without a date: the term has no free slot left; add `date:`"
        print(f"{path}: added {entry.label} at {entry.key}, {date}")
        if entry.notes is not None:
            print(f"{entry.notes}: notes stub created")
    elif entry.date is None:
        print(f"{path}: added {entry.label} at {entry.key}, without dates; add `due:` once it is set")
    else:
        released = f"released {text.moment(entry.release)}, " if entry.release else ""
        print(f"{path}: added {entry.label} at {entry.key}, {released}due {when}, 23:59")
    return 0
