"""The link step of every MkDocs build: internal links of the built site, offline by default."""

from __future__ import annotations

from pathlib import Path

from syllabuild.links.project import check_project
from syllabuild.links.report import finding_lines


def build_link_problems(project_dir: Path, plugin_config, *, site_dir: str, docs_dir: str, site_url: str | None) -> list[str]:
    """Problem lines for the logger after a build; empty when links are disabled.

    Builds (and `serve`) check internal pages, assets and anchors only, unless `links.offline`
    is set to false: external URLs are the job of `syllabuild check` and `syllabuild links`.
    """
    links = plugin_config.links
    if not links.enabled:
        return []
    offline = True if links.offline is None else links.offline
    report = check_project(
        project_dir, plugin_config, offline=offline, site_dir=Path(site_dir), docs_dir=docs_dir, site_url=site_url
    )
    return finding_lines(report)
