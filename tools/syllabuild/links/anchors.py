"""Reading HTML: the ids a `#fragment` can point at, and the links a student can follow."""

from __future__ import annotations

from dataclasses import dataclass
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


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[HtmlLink] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()[0], self.getpos()[1] + 1
        for name, value in attrs:
            if value is None:
                continue
            if _is_anchor(tag, name):
                self.ids.add(value)
            elif (tag, name) in _LINK_ATTRIBUTES:
                if not (tag == "link" and _is_hint(attrs)):
                    self.links.append(HtmlLink(value.strip(), line, column, tag))
            elif name == "srcset" and tag in {"img", "source"}:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append(HtmlLink(url, line, column, tag))

    handle_startendtag = handle_starttag


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
    """The element ids and followed links of one HTML document."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.ids, parser.links
