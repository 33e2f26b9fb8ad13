"""`syllabuild build`: the static site, written atomically — a failed build leaves site/ untouched."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from syllabuild.commands.builders import adapter, add_builder_option
from syllabuild.console import count_warnings, plural, setup_logging

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
    started = time.perf_counter()
    start_pool_early(Path(args.config_file))
    builder = adapter(args.builder)
    setup_logging()
    try:
        with count_warnings() as warnings:
            try:
                course = builder.build(Path(args.config_file), site_dir=Path(args.site_dir) if args.site_dir else None,
                                       strict=args.strict, now=args.now)
            except builder.BuildFailed as error:
                log.error("%s", error)
                log.error("Build failed after %.1f s (%s); the site folder is untouched",
                          time.perf_counter() - started, plural(warnings.count, "warning"))
                return 1
    finally:
        from syllabuild.snippets.engine import discard_early

        discard_early()  # a pool started early that the build never took over (it stopped first)
    log.info("%s", summary(course, args.builder, time.perf_counter() - started, warnings.count))
    return 0


def start_pool_early(config_file: Path) -> None:
    """With no snippet result cached, start the warm pool now, while the build plans (`site.prestart`)."""
    from syllabuild.site.prestart import cache_has_results, start_pool_early as start

    if cache_has_results(config_file.parent / ".cache" / "syllabuild"):
        return  # the default cache folder has results: not even mkdocs.yml is read twice
    from syllabuild.project import load_project

    try:
        start(load_project(config_file))
    except Exception as error:  # noqa: BLE001 - only a head start: the build itself reports what is wrong
        log.debug("the warm pool was not started early: %s", error)


def summary(course, builder: str, seconds: float, warnings: int) -> str:
    """The one line a build ends with: what was built, where, by which builder, how long, how clean."""
    editions = course.plan.editions
    pages = sum(len(edition.pages) + len(edition.notebooks) for edition in editions)
    layout = course.project.layout
    where = layout.relative(layout.site_dir)
    return (f"Built {plural(pages, 'page')} in {plural(len(editions), 'language')} into {where}/ with {builder} "
            f"in {seconds:.1f} s; {plural(warnings, 'warning')}")
