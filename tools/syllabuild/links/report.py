"""Writing a `LinkReport`: a terminal table, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from syllabuild.links.model import Finding, LinkReport, Verdict

__all__ = ["FORMATS", "finding_lines", "render", "summary"]


def render(report: LinkReport, format: str, stream: TextIO) -> None:
    """Write `report` to `stream` in one of `FORMATS` (`table`, `json`, `github`)."""
    FORMATS[format](report, stream)


def summary(report: LinkReport) -> str:
    """One line: what was checked and what came of it."""
    if report.problems:
        return f"link check could not run: {len(report.problems)} problem(s)"
    counts = report.counts
    parts = [f"{counts.get(v.value, 0)} {v.value}" for v in Verdict]
    if counts.get("excluded"):
        parts.append(f"{counts['excluded']} excluded")
    mode = " (offline: internal links only)" if report.offline else ""
    return f"{report.occurrences} links, {sum(counts.get(v.value, 0) for v in Verdict)} distinct targets: {', '.join(parts)}{mode}"


def finding_lines(report: LinkReport) -> list[str]:
    """One line per problem and failing link, for a logger: `lectures/01.md:7:18: URL: 404 Not Found`.

    Unverifiable links are included (marked) only when they fail the run, so a plugin can log
    every line as a warning and let `mkdocs build --strict` decide.
    """
    lines = list(report.problems)
    for finding in report.findings:
        unverifiable = finding.result.verdict is Verdict.UNVERIFIABLE
        if unverifiable and not report.unverifiable_fails:
            continue
        mark = "unverifiable: " if unverifiable else ""
        lines.append(f"{finding.link.location}: {mark}{finding.link.url}: {finding.result.reason}")
    return lines


def _table(report: LinkReport, stream: TextIO) -> None:
    # rich costs ~40 ms to import; JSON and GitHub reports (CI, every build's log lines) skip it.
    from rich.console import Console
    from rich.table import Table

    # Outside a terminal (CI logs) nothing wraps lines, so use the room for whole URLs.
    console = Console(file=stream, soft_wrap=False, width=None if stream.isatty() else 160)
    for problem in report.problems:
        console.print(f"[bold red]error[/]: {problem}", highlight=False)
    sections = [
        (Verdict.BROKEN, "Broken", "red"),
        (Verdict.UNVERIFIABLE, "Unverifiable" + ("" if report.unverifiable_fails else " (not failing)"), "yellow"),
    ]
    for verdict, title, colour in sections:
        findings = [f for f in report.findings if f.result.verdict is verdict]
        if not findings:
            continue
        console.print(f"\n[bold {colour}]{title}: {len(findings)}[/]", highlight=False)
        for path, group in groupby(findings, key=lambda f: f.link.location.path):
            table = Table(title=path, title_justify="left", title_style="bold cyan", expand=False)
            table.add_column("Line", justify="right", no_wrap=True)
            table.add_column("Link", overflow="fold", ratio=3)
            table.add_column("Why", style=colour, overflow="fold", ratio=2)
            for finding in group:
                location = finding.link.location
                line = f"{location.line}:{location.column}" if location.column else str(location.line)
                link = finding.link.url + (f"\n[dim]{location.where}[/]" if location.where else "")
                table.add_row(line, link, finding.result.reason)
            console.print(table)
    console.print(summary(report), highlight=False)


def _json(report: LinkReport, stream: TextIO) -> None:
    data = {
        "exit_code": report.exit_code,
        "offline": report.offline,
        "occurrences": report.occurrences,
        "counts": report.counts,
        "problems": list(report.problems),
        "findings": [_finding(f) for f in report.findings],
    }
    json.dump(data, stream, indent=2)
    stream.write("\n")


def _finding(finding: Finding) -> dict:
    location, result = finding.link.location, finding.result
    return {
        "file": location.path,
        "line": location.line,
        "column": location.column or None,
        "where": location.where or None,
        "url": finding.link.url,
        "verdict": result.verdict.value,
        "reason": result.reason,
        "status": result.status,
        "final_url": result.final_url,
    }


def _github(report: LinkReport, stream: TextIO) -> None:
    for problem in report.problems:
        stream.write(f"::error title=Link check could not run::{_escape(problem)}\n")
    for finding in report.findings:
        location, result = finding.link.location, finding.result
        broken = result.verdict is Verdict.BROKEN
        level = "error" if broken or report.unverifiable_fails else "warning"
        title = "Broken link" if broken else "Unverifiable link"
        properties = f"file={_escape_property(location.path)},line={location.line}"
        if location.column:
            properties += f",col={location.column}"
        properties += f",title={_escape_property(title)}"
        where = f"{location.where}: " if location.where else ""
        stream.write(f"::{level} {properties}::{_escape(f'{where}{finding.link.url}: {result.reason}')}\n")
    stream.write(summary(report) + "\n")


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


FORMATS: dict[str, Callable[[LinkReport, TextIO], None]] = {
    "table": _table,
    "json": _json,
    "github": _github,
}
