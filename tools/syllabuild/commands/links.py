"""`syllabuild links`: check every link of the course and say where each failure is written."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

__all__ = ["register", "run"]

_EXIT_CANNOT_RUN = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "links",
        help="check links in the syllabus, pages, notebooks and built site",
        description="Check links. Exit status: 0 all good, 1 broken links, 2 the check could not run.",
    )
    parser.add_argument("--config", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    parser.add_argument("--offline", action="store_true", default=None, help="check internal links only")
    parser.add_argument("--online", dest="offline", action="store_false", help="also check external URLs (default)")
    parser.add_argument("--format", choices=("table", "json", "github"), default="table", help="report format")
    parser.add_argument("--site-dir", help="built site to check (default: site_dir of mkdocs.yml)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from syllabuild.links import check_project, render
    from syllabuild.links.model import LinkReport
    from syllabuild.project import ProjectError, load_project

    try:
        project = load_project(Path(args.config), site_dir=Path(args.site_dir) if args.site_dir else None)
    except ProjectError as error:
        report = LinkReport(problems=tuple(error.lines()))
    else:
        offline = bool(project.settings.links.offline) if args.offline is None else args.offline
        if not offline:
            import syllabuild.links.external  # noqa: F401  (the HTTP client, loaded before the freeze below)
        # The modules and settings loaded so far live until exit: keep the cyclic collector from
        # walking them again and again while thousands of responses are parsed (measured: ~4% of
        # a 2,000-link run), and at exit (aiohttp's alone: ~40 ms).
        gc.freeze()
        report = check_project(project, offline=offline)
    render(report, args.format, sys.stdout)
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    """`python -m syllabuild.commands.links`: the same command without the other subcommands."""
    parser = argparse.ArgumentParser(prog="syllabuild")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["links", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    code = main()
    # The report is written and the cache saved; freeing every object of the run one by one
    # would only delay the exit (~30 ms after 1,000 URLs). mypy leaves the same way.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
