"""Where a link found in the built HTML is written: the Markdown line staff can edit.

A failure found in `site/faq/index.html` is moved to the line of `docs/faq.md` that wrote the
link; one in lecture notes, included in a generated lecture page after a
`<!-- syllabuild:origin lectures/02-x.md:1 -->` marker, to the line of the notes file; one in
another generated page to the syllabus line that holds its URL, or else stays at the HTML line,
naming the generated page. A link that cannot be found in the source stays where it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from syllabuild.links.model import Finding, Link, Location
from syllabuild.links.page_links import prose_lines
from syllabuild.markers import ORIGIN

__all__ = ["PageSource", "relocate"]

# `](target`, `](<target>`, `<target>` (autolinks), `[ref]: target`, `href="target"`.
_TARGETS = (
    re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))+)>?"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?"),
    re.compile(r"<((?:[a-z][a-z0-9+.-]*:|/|\.{0,2}/|#)[^\s<>]*)>", re.IGNORECASE),
    re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']"),
)


@dataclass(frozen=True)
class PageSource:
    """The Markdown a built page was made from (MkDocs' `File` for the page, without MkDocs)."""

    name: str
    """The page as MkDocs knows it (`src_uri`): `faq.md`, `he/faq.md`, `lectures/02-backprop.md`."""
    markdown: str
    """Its Markdown as MkDocs read it, before any plugin's `on_page_markdown`."""
    path: str | None = None
    """Project-relative file staff edit (`docs/faq.he.md`); None for a page generated from the syllabus."""


@dataclass(frozen=True)
class _Written:
    """One link target as written in Markdown."""

    target: str
    location: Location | None
    """None for a line the generator wrote, not staff."""


def relocate(
    findings: list[Finding],
    sources: dict[str, PageSource],
    *,
    site_prefix: str,
    syllabus_urls: dict[str, Location] | None = None,
) -> list[Finding]:
    """Move findings located in built HTML pages to the source line that wrote each link.

    Args:
        findings: findings of any source; only those under `site_prefix` whose page is in
            `sources` move.
        sources: built page path relative to the site (`faq/index.html`) -> its source.
        site_prefix: how the site folder is shown in locations (`site/`).
        syllabus_urls: string values of the syllabus -> where each is written, for links of
            generated pages (`syllabus_values`).
    """
    written_by_page: dict[str, list[_Written]] = {}
    seen: dict[tuple[str, str], int] = {}
    moved = list(findings)
    # Same-URL links of a page are matched in order, so walk each page's findings top down.
    for number in sorted(range(len(findings)), key=lambda n: (findings[n].link.location, findings[n].link.url)):
        finding = findings[number]
        location = finding.link.location
        page = location.path[len(site_prefix):] if location.path.startswith(site_prefix) else None
        source = sources.get(page) if page is not None else None
        if source is None:
            continue
        if page not in written_by_page:
            written_by_page[page] = _written_links(source)
        index = seen.get((page, finding.link.url), 0)
        seen[(page, finding.link.url)] = index + 1
        found = _match(written_by_page[page], finding.link.url, index)
        if found is None and source.path is None and syllabus_urls:
            found = _in_syllabus(finding.link.url, syllabus_urls)
        if found is None:
            found = location if source.path is not None else replace(location, where=_generated(source.name))
        moved[number] = Finding(Link(finding.link.url, found), finding.result)
    return moved


def _in_syllabus(url: str, values: dict[str, Location]) -> Location | None:
    """Where the syllabus writes `url`: as a whole value, else as a link in Markdown text."""
    if url in values:
        return values[url]
    written = (f"]({url}", f"<{url}>", f"]: {url}")
    return next((location for value, location in values.items() if any(w in value for w in written)), None)


def _generated(name: str) -> str:
    return f"{name} (generated from syllabus.yaml)"


def _match(written: list[_Written], url: str, index: int) -> Location | None:
    """The `index`-th place `url` is written; by its `#fragment` when MkDocs rewrote the path.

    None when the generator wrote it, or it is not found.
    """
    exact = [w.location for w in written if w.target == url]
    if not exact:
        fragment = urlsplit(url).fragment
        if fragment:
            exact = [w.location for w in written if urlsplit(w.target).fragment == fragment]
    if not exact:
        return None
    return exact[min(index, len(exact) - 1)]


def _written_links(source: PageSource) -> list[_Written]:
    """Every link target in the page's Markdown outside code, at its file line and column."""
    found: list[_Written] = []
    path, offset = source.path, 0
    for number, line in prose_lines(source.markdown):
        marker = ORIGIN.match(line)
        if marker:
            # The next line is line `marker["line"]` of the included file.
            path, offset = marker["path"], int(marker["line"]) - number - 1
            continue
        starts = sorted({(m.start(1), m.group(1)) for pattern in _TARGETS for m in pattern.finditer(line)})
        # Generator-written links are kept, without a place, so same-URL links still pair in order.
        found += [_Written(target, Location(path, number + offset, start + 1) if path else None) for start, target in starts]
    return found
