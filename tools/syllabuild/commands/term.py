"""`syllabuild term new`: roll syllabus.yaml forward to the next term; `term archive`: keep this one online.

`new` checks the course as `syllabuild validate` does, rolls the file (see `terms.roll`),
checks the result and only then replaces the file, at once. `archive` lives in
`terms.archive` and is imported only when it runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import logging
import sys
from pathlib import Path

__all__ = ["register", "run_new"]

_EXIT_USAGE = 2


class _LazyParser(argparse.ArgumentParser):
    """A subcommand's parser whose arguments come from its module, imported only when it is chosen."""

    def __init__(self, *args, arguments: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._arguments = arguments

    def parse_known_args(self, args=None, namespace=None):
        if self._arguments is not None:
            module, function = self._arguments.split(":")
            self._arguments = None
            getattr(importlib.import_module(module), function)(self)
        return super().parse_known_args(args, namespace)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "term", help="start the next term from this one's syllabus, or archive this term's site",
        description="Teach the course again: `term archive` keeps this term's site online as it was, "
                    "`term new` rolls syllabus.yaml forward to the next term.")
    actions = parser.add_subparsers(dest="action", required=True, parser_class=_LazyParser)
    new = actions.add_parser(
        "new", help="roll syllabus.yaml forward: dates moved by whole weeks, recordings, announcements and days off cleared",
        description="Roll syllabus.yaml forward to the next term, keeping its comments and layout: every date moves "
                    "by the same whole number of weeks (weekdays kept); recordings, announcements and days off are "
                    "cleared; the summary says what staff must still check. Nothing is written if the syllabus has "
                    "problems.")
    new.add_argument("--start", required=True, metavar="DATE", help="first day of the new term, like 2025-10-19")
    new.add_argument("--end", default=None, metavar="DATE",
                     help="last day of the new term (default: the old end, moved like the other dates)")
    new.add_argument("--term", action="append", default=[], metavar="NAME",
                     help='the new term\'s name, like "Winter 2025" (default: the old name with its year moved); '
                          'per language: --term he="סמסטר חורף 2025"')
    new.add_argument("--dry-run", action="store_true", help="print the summary, write nothing")
    new.add_argument("-f", "--config-file", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    new.add_argument("--syllabus", default=None, help="path of syllabus.yaml (default: the one mkdocs.yml names)")
    new.set_defaults(func=run_new)
    archive = actions.add_parser(
        "archive", arguments="syllabuild.terms.archive:add_archive_arguments",
        help="freeze this term's built site into archive/<term>/, served unchanged by every later build")
    archive.set_defaults(func=_run_archive)


def _run_archive(args: argparse.Namespace) -> int:
    from syllabuild.terms.archive import archive_command

    return archive_command(args)


def run_new(args: argparse.Namespace) -> int:
    """`term new`: 0 rolled, 1 the syllabus has problems (or the rolled one would), 2 bad arguments."""
    from syllabuild.atomic import replace_text
    from syllabuild.commands.validate import print_problems
    from syllabuild.console import plural, setup_logging
    from syllabuild.commands import open_project
    from syllabuild.site.pipeline import CourseError, plan_course
    from syllabuild.syllabus import SyllabusError
    from syllabuild.syllabus.source import decode_text
    from syllabuild.terms.roll import (
        RolledSyllabusError,
        TermRequest,
        TermRequestError,
        roll_forward,
    )
    from syllabuild.terms.summary import summary_lines

    problems = []
    start, end = _date(args.start, "--start", problems), _date(args.end, "--end", problems)
    if problems:
        return _usage(problems)
    config_file = Path(args.config_file)
    setup_logging()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # the warnings validate shows; not a build's progress
    project = open_project(config_file, Path.cwd())
    if project is None:
        return 1
    layout = project.layout
    if args.syllabus:
        project = dataclasses.replace(project, layout=dataclasses.replace(layout, syllabus=Path(args.syllabus).absolute()))
        layout = project.layout
    path = layout.syllabus
    if not path.is_file():
        print(f"{args.syllabus or layout.relative(path)}: no such file", file=sys.stderr)
        return 1
    shown = layout.relative(path)
    try:
        plan_course(project)  # the problems `syllabuild validate` reports, the files and translations included
    except CourseError as error:
        print_problems(error)
        print(f"{shown}: not changed", file=sys.stderr)
        return 1
    text = decode_text(path.read_bytes(), shown)
    request = TermRequest(start, end, tuple(args.term))
    try:
        rolled = roll_forward(text, request, name=shown, root=layout.root, snippets_dir=layout.relative(layout.snippets_dir))
    except TermRequestError as error:
        return _usage(error.lines)
    except RolledSyllabusError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        hint = "a later --end may fit" if end is not None else "a bug in syllabuild: please report it"
        print(f"{shown}: not changed: rolled forward, it would have {plural(len(error.problems), 'problem')} "
              f"(at its new lines); {hint}", file=sys.stderr)
        return 1
    except SyllabusError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        print(f"{shown}: not changed", file=sys.stderr)
        return 1
    if not args.dry_run:
        replace_text(path, rolled.text)
    lines = summary_lines(rolled, shown)
    if args.dry_run:
        lines[0] = lines[0].replace(": rolled forward", ": would roll forward", 1) + " (--dry-run: nothing written)"
    print("\n".join(lines))
    return 0


def _date(value: str | None, option: str, problems: list[str]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as error:
        why = "" if str(error).startswith("Invalid isoformat") else f" ({error})"  # "month must be in 1..12"
        problems.append(f'{option}: expected a date like 2025-10-19, got "{value}"{why}')
        return None


def _usage(lines: list[str]) -> int:
    for line in lines:
        print(f"syllabuild term new: {line}", file=sys.stderr)
    return _EXIT_USAGE
