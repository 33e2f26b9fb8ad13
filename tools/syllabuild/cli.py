"""The `syllabuild` command: a small registry of subcommands, one module each."""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> module exposing `register(subparsers)`; each registered parser sets `func(args) -> int`.
SUBCOMMANDS = {
    "build": "syllabuild.commands.build",
    "serve": "syllabuild.commands.serve",
    "validate": "syllabuild.commands.validate",
    "schema": "syllabuild.commands.schema",
    "links": "syllabuild.commands.links",
    "cache": "syllabuild.commands.cache",
    "new": "syllabuild.commands.new",
    "check": "syllabuild.commands.check",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="syllabuild", description="Publish a course site from syllabus.yaml.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in SUBCOMMANDS.values():
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
