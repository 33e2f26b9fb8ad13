"""Reading HTML: the ids a `#fragment` can point at, and the links a student can follow."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

__all__ = ["HtmlLink", "PageAnchors", "page_anchors", "parse_html"]

# (tag, attribute) pairs whose values a browser follows or loads.
_LINK_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
}
# Of those, the ones a student clicks or sees; `<link rel=preconnect href=https://fonts...>` is not.
_VISIBLE_TAGS = frozenset({"a", "area", "img", "iframe", "source", "video", "audio", "embed", "object"})
# Text inside these is not what a reader sees on the page.
_UNSEEN_TAGS = frozenset({"script", "style", "noscript", "template", "title"})
_APP_SHELL_TEXT = 64
"""Fewer visible characters than this, and a script: the page is drawn in the browser."""


@dataclass(frozen=True)
class HtmlLink:
    url: str
    line: int
    column: int
    tag: str

    @property
    def visible(self) -> bool:
        return self.tag in _VISIBLE_TAGS


def _is_anchor(tag: str, attribute: str) -> bool:
    return attribute == "id" or (attribute == "name" and tag == "a")


@dataclass(frozen=True)
class PageAnchors:
    """What a fetched page offers a `#fragment`."""

    ids: frozenset[str]
    """Element ids and `<a name>`s."""
    app_shell: bool
    """Next to no visible text but scripts: a page (React, Vue) that the browser fills in, anchors too."""


class _AnchorParser(HTMLParser):
    """Ids and how much text a reader sees; lighter than `_Parser`, which also collects links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.scripts = 0
        self.unseen = 0
        self.seen_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and _is_anchor(tag, name):
                self.ids.add(value)
        if tag in _UNSEEN_TAGS:
            self.unseen += 1
            self.scripts += tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and _is_anchor(tag, name):
                self.ids.add(value)
        self.scripts += tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSEEN_TAGS and self.unseen:
            self.unseen -= 1

    def handle_data(self, data: str) -> None:
        if not self.unseen and self.seen_text < _APP_SHELL_TEXT:
            self.seen_text += len("".join(data.split()))


def page_anchors(text: str) -> PageAnchors:
    """The anchors of an HTML page fetched from the web, and whether scripts draw the page."""
    parser = _AnchorParser()
    parser.feed(text)
    parser.close()
    return PageAnchors(frozenset(parser.ids), app_shell=bool(parser.scripts) and parser.seen_text < _APP_SHELL_TEXT)


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    rel = next((value or "" for name, value in attrs if name == "rel"), "")
    return any(word in {"preconnect", "dns-prefetch", "canonical", "alternate"} for word in rel.lower().split())


def parse_html(text: str) -> tuple[set[str], list[HtmlLink]]:
    """The element ids and followed links of one HTML document, as `html.parser` would read them.

    A built site is read once per build, every page of it, and Python's `HTMLParser` spends
    most of that time on the thousands of tags (in a Material page) that hold neither an id nor
    a link. Here one regular expression goes over those tags, the text, comments and
    declarations, with html.parser's own patterns for a tag and its attributes, and stops only at
    a tag that names an id or a link or starts a `<script>` or `<style>` (whose text, as for
    html.parser, is no markup): ids, links and their line and column come out as html.parser's.
    """
    ids: set[str] = set()
    links: list[HtmlLink] = []
    line, counted = 1, 0
    position, size = 0, len(text)
    next_tag = _NEXT_TAG.match
    while position < size:
        match = next_tag(text, position)
        tag = match["tag"]
        if tag is None:
            position = match.end() + 1  # at the end, or a `<` that html.parser takes for text
            continue
        start, position = match.start("tag") - 1, match.end()
        tag = tag.lower()
        attrs, self_closing = _attributes(text, start, position)
        if attrs is None:
            continue  # html.parser takes such a tag for text
        if tag in _RAW_TEXT and not self_closing:
            end = _raw_text_end(tag).search(text, position)
            position = end.start() if end else size
        for name, value in attrs:
            if value is None:
                continue
            if _is_anchor(tag, name):
                ids.add(value)
                continue
            urls: list[str] = []
            if (tag, name) in _LINK_ATTRIBUTES:
                if not (tag == "link" and _is_hint(attrs)):
                    urls.append(value.strip())
            elif name == "srcset" and tag in {"img", "source"}:
                urls += [url for candidate in value.split(",") if (url := candidate.strip().split(" ")[0])]
            if urls:
                line += text.count("\n", counted, start)
                counted = start
                column = start - text.rfind("\n", 0, start)
                links += [HtmlLink(url, line, column, tag) for url in urls]
    return ids, links


# html.parser's patterns (CPython 3.11 `html/parser.py`): a tag name, an attribute, and the
# whole of a start tag (`locatestarttagend_tolerant`), here with a guard on attribute names.
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*"""
)
_NAME = r"[a-zA-Z][^\t\n\r\f />\x00]*"


def _start_tag_body(name_guard: str = "") -> str:
    return (r"""(?:[\s/]*(?:(?<=['"\s/])""" + name_guard + r"""[^\s/>][^\s/=>]*"""
            r"""(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*""")


_RAW_TEXT = frozenset({"script", "style"})
"""Elements whose text html.parser does not look into for tags (`CDATA_CONTENT_ELEMENTS`)."""
_RAW_TEXT_NAME = r"(?:[sS][cC][rR][iI][pP][tT]|[sS][tT][yY][lL][eE])(?![^\t\n\r\f />\x00])"
_WANTED_NAME = (r"(?:[iI][dD]|[nN][aA][mM][eE]|[hH][rR][eE][fF]|[sS][rR][cC](?:[sS][eE][tT])?|[dD][aA][tT][aA]"
                r"|[pP][oO][sS][tT][eE][rR])(?![^\s/=>])")
"""An attribute that can make an anchor or a link (`id`, `href`, ...)."""
# Everything up to the next start tag that can hold an id or a link, or starts a script's or a
# style's text: text, end tags, comments, declarations and other tags are gone over possessively
# (no other reading of them is tried), each start tag taken whole, as html.parser takes it,
# then `>` or `/>`. Where the tag is `None`, the match ends at the end or at a `<` that is text.
_NEXT_TAG = re.compile(
    r"(?:[^<]++"
    r"|<(?![a-zA-Z!?])"  # `</div>`, `a < b`
    r"|<!--(?:.*?--\s*>|[^>]*>|)"  # a comment; unclosed, html.parser goes on after the next >
    r"|<[!?](?:[^>]*>)?"  # doctype, processing instruction, bogus comment
    rf"|<(?!{_RAW_TEXT_NAME}){_NAME}(?>{_start_tag_body('(?!' + _WANTED_NAME + ')')})/?>"
    rf")*+(?:<(?P<tag>{_NAME})(?>{_start_tag_body()})/?>)?",
    re.DOTALL,
)


@functools.cache
def _raw_text_end(tag: str) -> re.Pattern[str]:
    return re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE)


def _attributes(text: str, start: int, end: int) -> tuple[list[tuple[str, str | None]] | None, bool]:
    """The attributes of the start tag `text[start:end]` and whether it closes itself, as
    html.parser's `parse_starttag` reads them; None where it takes the tag for text."""
    position = _TAG_NAME.match(text, start + 1).end()
    attrs: list[tuple[str, str | None]] = []
    while position < end:
        match = _ATTRIBUTE.match(text, position)
        if not match:
            break
        name, rest, value = match.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        attrs.append((name.lower(), value))
        position = match.end()
    rest = text[position:end].strip()
    if rest not in (">", "/>"):
        return None, False
    return attrs, rest == "/>"
