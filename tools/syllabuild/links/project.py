"""One link check of a course project: gather links from every source, check, report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urlsplit

from syllabuild.links.cache import ResultCache
from syllabuild.links.model import CheckSettings, Finding, Link, LinkReport, LinkResult, Verdict, settings_from_config
from syllabuild.links.site_links import read_site
from syllabuild.project.archive import ARCHIVE_FOLDER, MANIFEST

if TYPE_CHECKING:
    from syllabuild.links.source_lines import PageSource
    from syllabuild.project import Project

__all__ = ["LinkSources", "check_links", "check_project"]


@dataclass(frozen=True)
class LinkSources:
    """Where a project's links are, all paths absolute."""

    project_dir: Path
    syllabus: Path | None = None
    page_dirs: tuple[Path, ...] = ()
    """Folders of Markdown pages and notebooks (docs/, lectures/)."""
    site_dir: Path | None = None
    """The built site; None skips the internal checks."""
    base_path: str = "/"
    """Path part of `site_url`."""
    page_sources: dict[str, PageSource] | None = None
    """Built page (`faq/index.html`) -> its Markdown, so failures in the built site are reported
    at the source line; None reports them at the HTML line."""


def check_project(
    project: Project,
    *,
    offline: bool,
    site_dir: Path | None = None,
    page_sources: dict[str, PageSource] | None = None,
) -> LinkReport:
    """Check the links of a course project with its settings.

    Args:
        project: the project (`syllabuild.project.load_project`).
        offline: check internal links only.
        site_dir: the built site; defaults to the project's site folder.
        page_sources: built page path relative to the site -> its source (a builder adapter
            knows them); None reports failures in the built site at the HTML line.

    Returns:
        The report; `report.exit_code` is 0, 1 or 2.
    """
    layout = project.layout
    settings = settings_from_config(project.settings.links, cache_dir=layout.cache_dir / "links")
    sources = LinkSources(
        project_dir=layout.root,
        syllabus=layout.syllabus,
        page_dirs=(layout.docs_dir, layout.lectures_dir),
        site_dir=site_dir if site_dir is not None else layout.site_dir,
        base_path=urlsplit(layout.site_url).path or "/" if layout.site_url else "/",
        page_sources=page_sources,
    )
    return check_links(sources, settings, offline=offline)


def check_links(sources: LinkSources, settings: CheckSettings, *, offline: bool) -> LinkReport:
    """Check every link of `sources`: the core of `syllabuild links`, free of MkDocs.

    Every source is read before anything is checked, and every unreadable one is reported, so
    one run shows all the problems.
    """
    problems: list[str] = []
    source_links = _source_links(sources, problems)
    site = None
    if sources.site_dir is not None:
        if sources.site_dir.is_dir():
            from syllabuild.links.parsed_pages import ParsedPages

            site = read_site(sources.site_dir, relative_to=sources.project_dir, base_path=sources.base_path,
                             frozen=archived_folders(sources.site_dir), parsed=ParsedPages(settings.cache_dir))
        else:
            problems.append(f"{_shown(sources.site_dir, sources.project_dir)}: no built site here; build it first")
    if problems:
        return LinkReport(problems=tuple(problems), offline=offline, unverifiable_fails=settings.unverifiable_fails)

    counts: Counter[str] = Counter()
    findings: list[Finding] = []
    occurrences = 0
    if site is not None:
        occurrences += len(site.internal)
        unique_internal: dict[tuple[str, str], LinkResult] = {}
        for link, result in site.internal.items():
            unique_internal[(result.url, result.reason)] = result
            if result.verdict is not Verdict.OK:
                findings.append(Finding(link, result))
        counts.update(result.verdict.value for result in unique_internal.values())

    if not offline:
        external = [link for link in source_links if _is_web(link.url)]
        written = {link.url for link in external}
        if site is not None:
            # Links that only exist in the built HTML (generated pages, theme): reported there.
            external += [link for link in site.external if link.url not in written]
        external = [Link("https:" + link.url, link.location) if link.url.startswith("//") else link for link in external]
        occurrences += len(external)
        checked, excluded = _check_external({link.url for link in external}, settings)
        unreachable = _network_down(checked)
        if unreachable:
            return LinkReport(problems=(unreachable,), offline=offline, unverifiable_fails=settings.unverifiable_fails)
        counts["excluded"] = excluded
        counts.update(result.verdict.value for result in checked.values())
        for link in external:
            result = checked.get(link.url)
            if result is not None and result.verdict is not Verdict.OK:
                findings.append(Finding(link, result))

    if findings and sources.page_sources and sources.site_dir is not None:
        from syllabuild.links.source_lines import relocate
        from syllabuild.links.syllabus_links import syllabus_values

        values = syllabus_values(sources.syllabus, relative_to=sources.project_dir) if sources.syllabus else {}
        site_prefix = _shown(sources.site_dir, sources.project_dir) + "/"
        findings = relocate(findings, sources.page_sources, site_prefix=site_prefix, syllabus_urls=values)
    findings.sort(key=lambda finding: (finding.link.location, finding.link.url))
    return LinkReport(
        findings=tuple(findings),
        counts=dict(counts),
        occurrences=occurrences,
        offline=offline,
        unverifiable_fails=settings.unverifiable_fails,
    )


def archived_folders(site_dir: Path) -> tuple[str, ...]:
    """The archived terms' folders of a built site (`archive/winter-2024/`): those with a manifest."""
    folder = site_dir / ARCHIVE_FOLDER
    if not folder.is_dir():
        return ()
    return tuple(f"{ARCHIVE_FOLDER}/{term.name}/" for term in sorted(folder.iterdir()) if (term / MANIFEST).is_file())


def _source_links(sources: LinkSources, problems: list[str]) -> list[Link]:
    """The links written in the syllabus and the Markdown pages and notebooks; unreadable files
    are added to `problems`. Their readers (PyYAML among them) are loaded only for a source
    that exists: a built site alone needs none of them."""
    syllabus = sources.syllabus if sources.syllabus is not None and sources.syllabus.is_file() else None
    folders = [folder for folder in sources.page_dirs if folder.is_dir()]
    if syllabus is None and not folders:
        return []
    from syllabuild.links.page_links import page_links
    from syllabuild.links.syllabus_links import LinkSourceError, syllabus_links

    found: list[Link] = []
    if syllabus is not None:
        try:
            found += syllabus_links(syllabus, relative_to=sources.project_dir)
        except LinkSourceError as error:
            problems.append(str(error))
    for folder in folders:
        files = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in p.parts)
        try:
            found += page_links(files, relative_to=sources.project_dir)
        except LinkSourceError as error:
            problems.append(str(error))
    return found


def _check_external(urls: set[str], settings: CheckSettings) -> tuple[dict[str, LinkResult], int]:
    # The HTTP client (aiohttp, ~130 ms to import) is loaded only by online checks: every
    # `mkdocs build` runs the offline check.
    from syllabuild.links.external import check_urls

    wanted = {url for url in urls if not settings.is_excluded(url)}
    cache = ResultCache(settings.cache_dir, settings.cache_ttl, fragments=settings.check_fragments)
    results: dict[str, LinkResult] = {}
    for url in wanted:
        key = url if settings.check_fragments else urldefrag(url)[0]
        hit = cache.get(key)
        if hit is not None:
            results[url] = LinkResult(url, hit.verdict, hit.reason, hit.status, hit.final_url, cached=True)
    results.update(check_urls(wanted - results.keys(), settings))
    for url, result in results.items():
        key = url if settings.check_fragments else urldefrag(url)[0]
        if not result.cached:
            cache.put(LinkResult(key, result.verdict, result.reason, result.status, result.final_url))
    cache.save()
    return results, len(urls) - len(wanted)


def _network_down(results: dict[str, LinkResult]) -> str | None:
    """A reason to conclude nothing when no host answered at all: the network, not the links."""
    if any(result.status is not None or result.cached for result in results.values()):
        return None  # some host answered (the usual case, told without parsing every URL)
    hosts = {urlsplit(url).netloc for url in results}
    if len(hosts) < 2:
        return None
    example = next(iter(sorted(results.values(), key=lambda r: r.url)))
    return (
        f"none of {len(hosts)} hosts answered (e.g. {example.url}: {example.reason}); "
        "the network looks unreachable, so no external link was judged. Use --offline to check internal links only"
    )


def _is_web(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _shown(path: Path, relative_to: Path) -> str:
    try:
        return path.resolve().relative_to(relative_to.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
