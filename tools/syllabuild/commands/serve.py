"""`syllabuild serve`: the course with live reload, rebuilt when the syllabus, notes, snippets or docs change."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from syllabuild.commands.builders import adapter, add_builder_option


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="serve the course with live reload")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="path of mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="address to serve on")
    parser.add_argument("--now", default=None, metavar="MOMENT", help="show the site as of this moment (release dates)")
    add_builder_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    builder = adapter(args.builder)
    host, _, port = args.dev_addr.rpartition(":")
    try:
        builder.serve(Path(args.config_file), host=host or "127.0.0.1", port=int(port), now=args.now)
    except builder.BuildFailed as error:
        logging.getLogger("mkdocs").error(str(error))
        return 1
    except KeyboardInterrupt:
        pass
    return 0
