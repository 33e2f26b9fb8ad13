"""`syllabuild new lecture|assignment TITLE`: add an entry to syllabus.yaml, keeping the file as written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from syllabuild.pages import text
from syllabuild.syllabus import SyllabusError

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("new", help="add a lecture or an assignment to syllabus.yaml")
    kinds = parser.add_subparsers(dest="what", required=True)
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


def run(args: argparse.Namespace) -> int:
    from syllabuild.commands.editing import add_assignment, add_lecture
    from syllabuild.project import ProjectError, default_project, load_project

    config_file = Path(args.config_file)
    try:
        project = load_project(config_file) if config_file.is_file() else default_project(Path.cwd())
    except ProjectError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
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
    else:
        due = f"due {when}, 23:59" if when else "without a deadline; add `due:`"
        print(f"{path}: added {entry.label} at {entry.key}, {due}")
    return 0
