"""The site builders a command can hand the generated course to: a small registry of adapters.

Each adapter module has `build(config_file, *, site_dir, strict, now, setting_changes, site_url,
with_archive) -> CourseBuild` (raising its `BuildFailed` with one message) and `serve(config_file,
*, host, port, now)`. Only these modules import a builder.
"""

from __future__ import annotations

import argparse
import importlib

BUILDERS = {
    "mkdocs": "syllabuild.plugin.build",
    "zensical": "syllabuild.zensical.course",
}
DEFAULT = "mkdocs"

__all__ = ["BUILDERS", "DEFAULT", "add_builder_option", "adapter"]


def adapter(name: str):
    """The adapter module of builder `name`."""
    return importlib.import_module(BUILDERS[name])


def add_builder_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--builder", choices=sorted(BUILDERS), default=DEFAULT,
                        help="the site builder that renders the generated course (default: %(default)s)")
