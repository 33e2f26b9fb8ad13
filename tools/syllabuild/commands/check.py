"""`syllabuild check`: everything CI needs before publishing, with one summary at the end.

Validate the syllabus, build the site strictly with every snippet and notebook executed, then
check the links of the result. Each step that cannot be trusted stops the ones that depend on
it (no link check of a site that did not build), and the summary says what ran, what came
from the cache, what failed and where.
"""

from __future__ import annotations

import argparse
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from syllabuild.commands.builders import DEFAULT, add_builder_option
from syllabuild.console import plural, setup_logging

__all__ = ["CheckStep", "register", "run", "run_check"]

_COUNTS = re.compile(r"^(snippets|notebooks): (.*)$")


@dataclass
class CheckStep:
    """One line of the summary."""

    name: str
    status: str = "skipped"
    """ok, failed or skipped."""
    detail: str = ""
    problems: list[str] = field(default_factory=list)
    """Where and what, one line each."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check",
        help="validate, build strictly with every snippet and notebook run, check links; one summary",
        description="What CI runs before publishing. Exit status: 0 everything passed, 1 something failed.",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="path of mkdocs.yml (default: %(default)s)")
    parser.add_argument("--offline", action="store_true", default=None, help="check internal links only")
    parser.add_argument("--now", default=None, metavar="MOMENT", help="check the site as of this moment (release dates)")
    add_builder_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    steps = run_check(Path(args.config_file), offline=args.offline, now=args.now, builder=args.builder)
    print(format_summary(steps))
    return 0 if all(step.status != "failed" for step in steps) else 1


def run_check(config_file: Path, *, offline: bool | None = None, now: str | None = None,
              builder: str = DEFAULT) -> list[CheckStep]:
    """Run every step and return one `CheckStep` each, in order."""
    from syllabuild.project import ProjectError, load_project

    steps = [CheckStep("syllabus"), CheckStep("build"), CheckStep("links")]
    try:
        project = load_project(config_file)
    except ProjectError as error:
        steps[0].status, steps[0].problems = "failed", error.lines()
        steps[1].detail = steps[2].detail = "not run: mkdocs.yml has errors"
        return steps
    if not _validate(project, steps[0]):
        steps[1].detail = steps[2].detail = "not run: the syllabus has errors"
        return steps
    course = _build(config_file, steps[1], now, builder)
    if course is None:
        steps[2].detail = "not run: the site did not build"
        return steps
    _links(project, course, offline, steps[2])
    return steps


def format_summary(steps: list[CheckStep]) -> str:
    width = max(len(step.name) for step in steps)
    lines = ["", "syllabuild check"]
    for step in steps:
        lines.append(f"  {step.name:<{width}}  {step.status:<7}  {step.detail}".rstrip())
        lines += [f"      {problem}" for problem in step.problems]
    failed = [step.name for step in steps if step.status == "failed"]
    lines.append("FAILED: " + ", ".join(failed) if failed else "All checks passed.")
    return "\n".join(lines)


# -- steps -------------------------------------------------------------------------------------
def _validate(project, step: CheckStep) -> bool:
    from syllabuild.syllabus import SyllabusError, load_syllabus

    layout = project.layout
    path = layout.syllabus
    try:
        syllabus = load_syllabus(path, root=layout.root, snippets_dir=layout.relative(layout.snippets_dir))
    except SyllabusError as error:
        step.status, step.problems = "failed", error.lines()
        step.detail = plural(len(error.problems), "problem")
        return False
    step.status = "ok"
    step.detail = f"{path.name}: {plural(len(syllabus.lectures), 'lecture')}, {plural(len(syllabus.assignments), 'assignment')}"
    return True


class _Collector(logging.Handler):
    """Keeps the build's warnings (each names its file and line) and the run counts."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.warnings: list[str] = []
        self.counts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            self.warnings.append(message.split("\n", 1)[0])
        elif match := _COUNTS.match(message):
            self.counts.append(f"{match.group(1)} {match.group(2)}")


def _build(config_file: Path, step: CheckStep, now: str | None, builder: str):
    from syllabuild.commands.builders import adapter

    build = adapter(builder)
    setup_logging()
    collector = _Collector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    course = None
    try:
        course = build.build(config_file, strict=True, now=now, setting_changes={"snippets": {"execute": True}})
    except build.BuildFailed as error:
        step.status = "failed"
        step.problems = collector.warnings or [str(error)]
        if collector.warnings and str(error) not in step.problems:
            step.problems.append(str(error))
    finally:
        mkdocs_log.removeHandler(collector)
    counts = "; ".join(collector.counts) or "no snippets or notebooks"
    if step.status == "failed":
        step.detail = f"strict build failed ({counts}); the previous site/ is untouched"
        return None
    step.status = "ok"
    step.detail = f"strict, everything executed with {builder}: {counts}"
    return course


def _links(project, course, offline: bool | None, step: CheckStep) -> None:
    from syllabuild.links import check_project, summary

    links = project.settings.links
    if not links.enabled:
        step.detail = "turned off in mkdocs.yml (links.enabled: false)"
        return
    offline = bool(links.offline) if offline is None else offline
    report = check_project(project, offline=offline, page_sources=course.sources)
    step.detail = summary(report)
    step.problems = list(report.problems)
    step.problems += [f"{finding.link.location}: {finding.link.url}: {finding.result.reason}" for finding in report.broken]
    if report.unverifiable_fails:
        step.problems += [f"{f.link.location}: {f.link.url}: {f.result.reason}" for f in report.unverifiable]
    step.status = "failed" if report.exit_code else "ok"
