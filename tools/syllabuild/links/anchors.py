"""Reading HTML: the ids a `#fragment` can point at, and the links a student can follow."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlLink", "html_ids", "parse_html"]

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
            if name == "id" or (name == "name" and tag == "a"):
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


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    rel = next((value or "" for name, value in attrs if name == "rel"), "")
    return any(word in {"preconnect", "dns-prefetch", "canonical", "alternate"} for word in rel.lower().split())


def parse_html(text: str) -> tuple[set[str], list[HtmlLink]]:
    """The element ids and followed links of one HTML document."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.ids, parser.links


def html_ids(text: str) -> set[str]:
    """The ids (and `<a name>`s) a `#fragment` can target in this HTML."""
    return parse_html(text)[0]
