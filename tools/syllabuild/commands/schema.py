"""`syllabuild schema`: write (or check) the JSON Schema of syllabus.yaml shipped for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "syllabus" / "syllabus.schema.json"


def register(subparsers) -> None:
    parser = subparsers.add_parser("schema", help="write (or --check) the JSON Schema shipped with syllabuild")
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped schema is out of date")
    parser.add_argument("--output", type=Path, default=SCHEMA_PATH)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from syllabuild.syllabus.schema import schema_text

    text = schema_text()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run `syllabuild schema`", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0
