"""`syllabuild validate`: check syllabus.yaml and print every problem, one line each."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from syllabuild.console import plural
from syllabuild.project import ProjectError, default_project, load_project
from syllabuild.syllabus import SyllabusError, load_syllabus


def register(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check syllabus.yaml and list every problem")
    parser.add_argument("path", nargs="?", default=None,
                        help="the syllabus (default: the one mkdocs.yml names, else syllabus.yaml)")
    parser.add_argument("-f", "--config-file", default=None,
                        help="the project's mkdocs.yml (default: the one beside the syllabus, else ./mkdocs.yml)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.config_file:
        config_file = Path(args.config_file)
    else:
        config_file = (Path(args.path).parent if args.path else Path(".")) / "mkdocs.yml"
    try:
        project = load_project(config_file) if config_file.is_file() else default_project(config_file.parent)
    except ProjectError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 1
    layout = project.layout
    path = Path(args.path) if args.path else layout.syllabus
    shown = args.path or layout.relative(path)
    try:
        syllabus = load_syllabus(path, root=layout.root, snippets_dir=layout.relative(layout.snippets_dir))
    except SyllabusError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        print(f"{plural(len(error.problems), 'problem')} found", file=sys.stderr)
        return 1
    print(f"{shown}: OK ({plural(len(syllabus.lectures), 'lecture')}, {plural(len(syllabus.assignments), 'assignment')})")
    return 0
