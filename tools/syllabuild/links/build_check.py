"""The link step of every MkDocs build: internal links of the built site, offline by default."""

from __future__ import annotations

from pathlib import Path

from syllabuild.links.project import check_project
from syllabuild.links.report import finding_lines
from syllabuild.links.source_lines import PageSource

__all__ = ["build_link_problems", "page_sources"]


def build_link_problems(
    project_dir: Path, plugin_config, *, site_dir: str, docs_dir: str, site_url: str | None, files=None
) -> list[str]:
    """Problem lines for the logger after a build; empty when links are disabled.

    Builds (and `serve`) check internal pages, assets and anchors only, unless `links.offline`
    is set to false: external URLs are the job of `syllabuild check` and `syllabuild links`.
    With the build's MkDocs `files`, failures are reported at the Markdown line that wrote them.
    """
    links = plugin_config.links
    if not links.enabled:
        return []
    offline = True if links.offline is None else links.offline
    report = check_project(
        project_dir,
        plugin_config,
        offline=offline,
        site_dir=Path(site_dir),
        docs_dir=docs_dir,
        site_url=site_url,
        page_sources=page_sources(files, project_dir) if files is not None else None,
    )
    return finding_lines(report)


def page_sources(files, project_dir: Path) -> dict[str, PageSource]:
    """Built page path (`faq/index.html`) -> its source, from MkDocs `Files` after a build.

    Hand-written pages, language variants (`docs/faq.he.md` built as `he/faq/index.html`) and
    their fallback copies keep the path of the file staff edit; pages generated from the
    syllabus have none.
    """
    project_dir = project_dir.resolve()
    found: dict[str, PageSource] = {}
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue  # notebooks: their links are checked in the .ipynb
        try:
            markdown = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        path = None
        if file.abs_src_path is not None:
            source = Path(file.abs_src_path).resolve()
            path = source.relative_to(project_dir).as_posix() if source.is_relative_to(project_dir) else source.as_posix()
        found[file.dest_uri] = PageSource(file.src_uri, markdown, path)
    return found
