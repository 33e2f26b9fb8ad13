"""What `syllabuild.links.anchors.parse_html` read before it was a scanner: Python's HTML parser,
every tag. The scanner must read every page as this does (a helper beside the tests)."""

from __future__ import annotations

from html.parser import HTMLParser

from syllabuild.links.anchors import _LINK_ATTRIBUTES, _is_hint


class ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int, str]] = []

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()[0], self.getpos()[1] + 1
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (tag, name) in _LINK_ATTRIBUTES:
                if not (tag == "link" and _is_hint(attrs)):
                    self.links.append((value.strip(), line, column, tag))
            elif name == "srcset" and tag in {"img", "source"}:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append((url, line, column, tag))

    handle_startendtag = handle_starttag


def reference(text: str) -> tuple[set[str], list[tuple[str, int, int, str]]]:
    """The ids and links (url, line, column, tag) of `text` as html.parser reads them."""
    parser = ReferenceParser()
    parser.feed(text)
    parser.close()
    return parser.ids, parser.links


def scanned(text: str) -> tuple[set[str], list[tuple[str, int, int, str]]]:
    """The same from the scanner."""
    from syllabuild.links.anchors import parse_html

    ids, links = parse_html(text)
    return ids, [(link.url, link.line, link.column, link.tag) for link in links]
