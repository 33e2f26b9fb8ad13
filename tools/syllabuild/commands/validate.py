"""`syllabuild validate`: check syllabus.yaml and print every problem, one line each."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from syllabuild.syllabus import SyllabusError, load_syllabus


def register(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check syllabus.yaml and list every problem")
    parser.add_argument("path", nargs="?", default="syllabus.yaml")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    try:
        syllabus = load_syllabus(path, root=path.resolve().parent)
    except SyllabusError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return 1
    print(f"{args.path}: OK ({len(syllabus.lectures)} lectures, {len(syllabus.assignments)} assignments)")
    return 0
