"""`syllabuild build`: the static site, written atomically — a failed build leaves site/ untouched."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from syllabuild.commands.builders import adapter, add_builder_option

log = logging.getLogger("mkdocs.plugins.syllabuild")


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="build the site into site/ (atomically)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="path of mkdocs.yml")
    parser.add_argument("-d", "--site-dir", default=None, help="output folder (default: site_dir of mkdocs.yml)")
    parser.add_argument("-s", "--strict", action="store_true", help="fail on warnings and on any failing snippet")
    parser.add_argument("--now", default=None, metavar="MOMENT",
                        help="build the site as students see it at this moment, e.g. 2024-03-01T12:00 (course time zone)")
    add_builder_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    builder = adapter(args.builder)
    try:
        builder.build(Path(args.config_file), site_dir=Path(args.site_dir) if args.site_dir else None,
                      strict=args.strict, now=args.now)
    except builder.BuildFailed as error:
        logging.getLogger("mkdocs").error(str(error))
        return 1
    return 0
