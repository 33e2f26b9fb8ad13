"""The link step of every build: internal links of the built site, offline by default."""

from __future__ import annotations

from pathlib import Path

from syllabuild.links.project import check_project
from syllabuild.links.report import finding_lines
from syllabuild.links.source_lines import PageSource
from syllabuild.project import Project

__all__ = ["build_link_problems"]


def build_link_problems(project: Project, *, site_dir: Path, page_sources: dict[str, PageSource] | None = None) -> list[str]:
    """Problem lines for the logger after a build; empty when links are disabled.

    Builds (and `serve`) check internal pages, assets and anchors only, unless `links.offline`
    is set to false: external URLs are the job of `syllabuild check` and `syllabuild links`.
    With `page_sources` (from the generated tree), failures are reported at the line staff wrote.
    """
    links = project.settings.links
    if not links.enabled:
        return []
    offline = True if links.offline is None else links.offline
    report = check_project(project, offline=offline, site_dir=site_dir, page_sources=page_sources)
    return finding_lines(report)
