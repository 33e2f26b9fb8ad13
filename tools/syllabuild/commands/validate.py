"""`syllabuild validate`: check the course as a build would, and print every problem, one line each.

It runs the first half of every build (`site.pipeline.plan_course`): the syllabus, the files it
names, the notes and pages the site reads, the translations that `i18n.untranslated: error`
requires, so that no problem first shows as a failed build. Code and notebooks do not run.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from syllabuild.console import plural, setup_logging


def register(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check syllabus.yaml and list every problem")
    parser.add_argument("path", nargs="?", default=None,
                        help="the syllabus (default: the one mkdocs.yml names, else syllabus.yaml)")
    parser.add_argument("-f", "--config-file", default=None,
                        help="the project's mkdocs.yml (default: the one beside the syllabus, else ./mkdocs.yml)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from syllabuild.commands import open_project
    from syllabuild.site.pipeline import CourseError, plan_course

    if args.config_file:
        config_file = Path(args.config_file)
    else:
        config_file = (Path(args.path).parent if args.path else Path(".")) / "mkdocs.yml"
    setup_logging()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # warnings a build would show; not its progress
    project = open_project(config_file, config_file.parent)
    if project is None:
        return 1
    layout = project.layout
    if args.path:
        project = dataclasses.replace(project, layout=dataclasses.replace(layout, syllabus=Path(args.path).absolute()))
    shown = args.path or layout.relative(layout.syllabus)
    try:
        course = plan_course(project)
    except CourseError as error:
        print_problems(error)
        return 1
    syllabus = course.syllabus
    print(f"{shown}: OK ({plural(len(syllabus.lectures), 'lecture')}, {plural(len(syllabus.assignments), 'assignment')})")
    return 0


def print_problems(error) -> None:
    """Every problem of a `CourseError`, one line each on stderr, then how many: as `validate` says them."""
    if error.headline and error.lines and error.lines[0].startswith(" "):
        print(error.headline, file=sys.stderr)  # indented lines are a list that the headline names
    for line in error.lines:
        print(line, file=sys.stderr)
    print(f"{plural(len(error.lines), 'problem')} found", file=sys.stderr)
