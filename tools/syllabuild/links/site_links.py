"""Links inside the built site: pages, assets and `#anchors` against the ids that exist."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from syllabuild.links.anchors import parse_html
from syllabuild.links.model import Link, LinkResult, Location, Verdict

if TYPE_CHECKING:
    from syllabuild.links.parsed_pages import ParsedPages

__all__ = ["SiteLinks", "read_site"]

_SKIPPED_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "blob", "about"})


@dataclass(frozen=True)
class SiteLinks:
    """What the built site says about its links."""

    internal: dict[Link, LinkResult] = field(default_factory=dict)
    """Each internal link occurrence with its verdict."""
    external: tuple[Link, ...] = ()
    """Links to other sites a student can click or see (not resource hints like preconnect)."""
    targets: int = 0
    """Distinct internal targets (file plus fragment) checked."""


def read_site(site_dir: Path, *, relative_to: Path, base_path: str = "/", frozen: tuple[str, ...] = (),
              parsed: ParsedPages | None = None) -> SiteLinks:
    """Check every internal link of the HTML under `site_dir` and collect the external ones.

    Args:
        site_dir: the built site (MkDocs `site_dir`).
        relative_to: folder reported paths are relative to (the project root).
        base_path: path part of `site_url` (`/course/` for `https://org.github.io/course/`), so
            root-relative links like `/course/assets/x.css` resolve inside the site.
        frozen: folders of the site (`archive/winter-2024/`) whose pages are not read: archived
            terms, whose links were checked when they were archived and cannot change. Links
            into them are checked as to any file (not their anchors).
        parsed: the last build's parsed pages (`ParsedPages`): a page whose text is the same is
            not parsed again. None parses every page.
    """
    site_dir = site_dir.resolve()
    pages: dict[str, tuple[set[str], list]] = {}
    parse = parsed.parse if parsed is not None else parse_html
    for html in sorted(site_dir.rglob("*.html")):
        relative = html.relative_to(site_dir).as_posix()
        if frozen and relative.startswith(frozen):
            continue
        pages[relative] = parse(html.read_text(encoding="utf-8", errors="replace"))
    if parsed is not None:
        parsed.save()
    shown_dir = _shown(site_dir, relative_to)
    internal: dict[Link, LinkResult] = {}
    external: list[Link] = []
    verdicts: dict[tuple[str, str], LinkResult] = {}
    # Every page repeats the nav, header and assets: each URL is read once, and each relative
    # path resolved once per folder, so the work per link stays a few dictionary lookups.
    kinds: dict[str, tuple[str, str] | bool] = {}
    targets: dict[tuple[str, str], str | None] = {}
    for page, (_, links) in pages.items():
        location_path = f"{shown_dir}/{page}"
        folder = posixpath.dirname(page)
        for html_link in links:
            url = html_link.url
            kind = kinds.get(url)
            if kind is None:
                kind = kinds[url] = _kind(url)
            if kind is False:
                continue  # mailto:, data:, javascript:, bare "#"
            link = Link(url, Location(location_path, html_link.line, html_link.column))
            if kind is True:
                if html_link.visible:
                    external.append(link)
                continue
            path, fragment = kind
            where = (folder, path) if path else (page, "")
            target = targets.get(where, False)
            if target is False:
                target = targets[where] = _resolve(page, path, base_path)
            key = (target or path, fragment)
            if key not in verdicts:
                verdicts[key] = _verdict(url, target, fragment, site_dir, pages)
            internal[link] = verdicts[key]
    return SiteLinks(internal, tuple(external), len(verdicts))


def _kind(url: str) -> tuple[str, str] | bool:
    """True for a link to another site, False for one not to check, else (path, decoded fragment)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") or url.startswith("//"):
        return True
    if parts.scheme or not (parts.path or parts.fragment):
        return False
    return parts.path, unquote(parts.fragment)


def _resolve(page: str, path: str, base_path: str) -> str | None:
    """Site-relative file path a link points at; None when it leaves the site."""
    path = unquote(path)
    if not path:
        return page
    if path.startswith("/"):
        # A browser removes dot segments from a root-relative path, never climbing above the
        # domain's root (RFC 3986, 5.2.4): `/he/../` and `/../` are `/` (Zensical writes `/../` in
        # a language edition's 404 page when there is no site_url). Then it must be in the site.
        ends_in_folder = path.endswith(("/", "/.", "/.."))
        path = posixpath.normpath(path).replace("//", "/")
        if ends_in_folder and not path.endswith("/"):
            path += "/"
        prefix = base_path.rstrip("/") + "/"
        if not path.startswith(prefix):
            return None
        joined = path[len(prefix) :]
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    trailing = joined.endswith("/") or joined == ""
    normal = posixpath.normpath(joined) if joined else "."
    if normal.startswith(".."):
        return None
    if trailing or normal == ".":
        return posixpath.join("" if normal == "." else normal, "index.html")
    return normal


def _verdict(url: str, target: str | None, fragment: str, site_dir: Path, pages: dict) -> LinkResult:
    if target is None:
        return LinkResult(url, Verdict.BROKEN, "points outside the built site")
    path = site_dir / target
    if not path.is_file():
        if path.is_dir() and (path / "index.html").is_file():
            target = posixpath.join(target, "index.html")
        else:
            return LinkResult(url, Verdict.BROKEN, f"no file {target} in the built site")
    if fragment and target in pages and fragment not in pages[target][0]:
        return LinkResult(url, Verdict.BROKEN, f"no anchor #{fragment} on {target}")
    return LinkResult(url, Verdict.OK)


def _shown(path: Path, relative_to: Path) -> str:
    try:
        return path.relative_to(relative_to.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
