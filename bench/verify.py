"""Checks that a built site holds every page, output and figure a run should have produced.

Each benchmark snippet prints a marker computed at run time (`bench-marker 3 1021`: the number
is not in the source), so a marker in the HTML means the code ran in this build and its output
reached the page; a figure counts when the page shows it as an `<img>` whose file (or `data:`
URI) is not empty, or as an inline matplotlib `<svg>`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TAG = re.compile(r"<[^>]+>")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_INLINE_FIGURE = re.compile(r"<svg\b[^>]*>(?:(?!</svg>).)*?<g id=\"figure_\d+\"", re.DOTALL)
"""matplotlib's SVG wraps each figure in `<g id="figure_1">`."""
_FIGURE_FILE = re.compile(r"\.(svg|png|jpe?g|webp)$", re.IGNORECASE)
MARKER = re.compile(r"(?:bench-marker|trivial) \d+ \d+ ok")
"""What every benchmark marker looks like (found in a page's text at once, not one by one)."""


def pages(site: Path) -> set[str]:
    """Every HTML file of the site, relative to it."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def page_text(path: Path) -> tuple[str, str]:
    """The HTML, and its text with tags removed and entities decoded (an output may be highlighted)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    return raw, html.unescape(_TAG.sub("", raw))


def figures(page: Path, raw: str) -> tuple[int, list[str]]:
    """How many figures the page shows, and the images that point at nothing."""
    count, broken = 0, []
    for tag in _IMG.findall(raw):
        found = _SRC.search(tag)
        src = (found.group(1) or found.group(2) or "") if found else ""
        if src.startswith("data:image/"):
            if len(src.partition(",")[2]) > 16:
                count += 1
            else:
                broken.append(f"{page.name}: empty data: image")
            continue
        target = urlsplit(src)
        if target.scheme or not _FIGURE_FILE.search(target.path):
            continue
        file = (page.parent / unquote(target.path)).resolve()
        if file.is_file() and file.stat().st_size > 0:
            count += 1
        else:
            broken.append(f"{page}: <img src={src!r}> has no file (or an empty one)")
    return count + len(_INLINE_FIGURE.findall(raw)), broken


def check_site(site: Path, expected: Mapping[str, int], reference: set[str] | None = None,
               required_pages: Iterable[str] = ()) -> list[str]:
    """Problems with a built site.

    Args:
        site: the site folder.
        expected: output marker -> figures the page that shows it must have (at least).
        reference: the page set of an earlier run of the same tool; every one must be there again.
        required_pages: pages that must exist, relative to the site.
    """
    if not site.is_dir():
        return [f"no site folder {site}"]
    problems = []
    built = pages(site)
    for page in required_pages:
        if page not in built:
            problems.append(f"page {page} missing")
    if reference is not None:
        problems += [f"page {page} missing (built in the first round)" for page in sorted(reference - built)]
    todo = dict(expected)
    odd = [marker for marker in todo if not MARKER.fullmatch(marker)]
    if odd:
        raise ValueError(f"markers must look like {MARKER.pattern!r}: {odd[:3]}")
    for relative in sorted(built):
        if not todo:
            break
        path = site / relative
        raw, text = page_text(path)
        found = set(MARKER.findall(text))
        shown = [marker for marker in todo if marker in found]
        if not shown:
            continue
        count, broken = figures(path, raw)
        problems += broken
        wanted = sum(todo[marker] for marker in shown)
        if count < wanted:
            problems.append(f"{relative}: {count} figure(s), expected {wanted}")
        for marker in shown:
            del todo[marker]
    problems += [f"output {marker!r} on no page" for marker in todo]
    return problems


def site_check(folder: Path, expected: Mapping[str, int], required: Iterable[str] = ()) -> Callable[[int, str], list[str]]:
    """A `Peer.check`: folder/site must hold `expected` (marker -> figures), the `required` pages,
    and every page the first round built."""
    reference: dict[str, set[str]] = {}
    required = tuple(required)

    def check(round_: int, output: str) -> list[str]:
        site = folder / "site"
        problems = check_site(site, expected, reference.get("pages"), required)
        reference.setdefault("pages", pages(site))
        return problems
    return check
