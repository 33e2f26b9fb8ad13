"""External links in Markdown pages and notebooks, each at the line to edit.

Internal links in pages are checked on the built HTML instead, where MkDocs has already
resolved them; here only http(s) URLs are collected, since the source is the best place to report
them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from syllabuild.links.model import Link, Location
from syllabuild.links.syllabus_links import URL_PATTERN, LinkSourceError, urls_in

__all__ = ["markdown_links", "notebook_links", "page_links"]

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](url "title") and ![alt](url): one level of parentheses inside the URL (Wikipedia).
_INLINE = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))+)>?")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_HTML_ATTRIBUTE = re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']")


def page_links(paths: Iterable[Path], *, relative_to: Path) -> list[Link]:
    """External links of every Markdown page (`.md`) and notebook (`.ipynb`) among `paths`."""
    links: list[Link] = []
    for path in paths:
        shown = _shown(path, relative_to)
        if path.suffix == ".ipynb":
            links += notebook_links(path, shown)
        elif path.suffix == ".md":
            links += markdown_links(_read(path, shown), shown)
    return links


def markdown_links(text: str, shown: str, *, first_line: int = 1, where: str = "") -> list[Link]:
    """http(s) links in Markdown text, outside code; `shown` is the path printed in reports."""
    links: list[Link] = []
    for number, line in prose_lines(text, first_line=first_line):
        for column, url in _line_urls(line):
            links.append(Link(url, Location(shown, number, column, where)))
    return links


def prose_lines(text: str, *, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Numbered lines of Markdown outside fenced code, with inline code blanked out.

    Blanking (rather than removing) keeps every other character at its column.
    """
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=first_line):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)


def _line_urls(line: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for pattern in (_INLINE, _REFERENCE, _HTML_ATTRIBUTE):
        for match in pattern.finditer(line):
            url = match.group(1)
            if url.startswith(("http://", "https://")):
                found.append((match.start(1) + 1, url))
            taken.append(range(match.start(1), match.end(1)))
    for match in URL_PATTERN.finditer(line):
        if not any(match.start() in span for span in taken):
            found += [(match.start() + 1, url) for url in urls_in(match.group())]
    return sorted(found)


def notebook_links(path: Path, shown: str) -> list[Link]:
    """Links in a notebook's Markdown cells, at the line of the `.ipynb` file and the cell number."""
    raw = _read(path, shown)
    try:
        notebook = json.loads(raw)
    except json.JSONDecodeError as error:
        raise LinkSourceError(f"{shown}:{error.lineno}:{error.colno}: not a notebook: {error.msg}") from None
    links: list[Link] = []
    cursor = 0
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        for link in markdown_links(text, shown, where=f"cell {number}"):
            # Point at the line of the .ipynb file, so editors and CI annotations land on it.
            found = raw.find(link.url, cursor)
            if found >= 0:
                cursor = found
                line = raw.count("\n", 0, found) + 1
            else:
                line = 1
            links.append(Link(link.url, Location(shown, line, 0, f"cell {number}, line {link.location.line}")))
    return links


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise LinkSourceError(f"{shown}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LinkSourceError(f"{shown}: not UTF-8 text") from None


def _shown(path: Path, relative_to: Path) -> str:
    try:
        return path.resolve().relative_to(relative_to.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
