"""What `parse_html` read from each built page, kept between builds by the page's text.

Every build checks every page of the built site, and a builder writes most pages again with the
same bytes (a warm build rewrites all of them, an edit changes one). Reading a page and taking its
digest costs a twentieth of parsing it, so each page is parsed only when its text is new. One
pickle file in the links cache folder (the project's own, like the snippet cache), replaced at
once; it holds the pages of the last build only, so it never grows past one site. A damaged or
foreign file is a slower build, never a wrong one: the key is the whole text and the format.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import syllabuild
from syllabuild.atomic import replace_cache_file
from syllabuild.links import anchors
from syllabuild.links.anchors import HtmlLink, parse_html

__all__ = ["ParsedPages"]

_FORMAT = 1
_FILE = "site-pages.pickle"


def _format() -> tuple:
    """What the results depend on besides the text: this file's format and the parser's code."""
    return (_FORMAT, syllabuild.__version__, os.stat(anchors.__file__).st_mtime_ns)


class ParsedPages:
    """`parse` like `anchors.parse_html`, from the last build's results where the text is the same."""

    def __init__(self, directory: Path | None) -> None:
        self.path = directory / _FILE if directory is not None else None
        self._known: dict[bytes, tuple[set[str], list[HtmlLink]]] = {}
        self._used: dict[bytes, tuple[set[str], list[HtmlLink]]] = {}
        self.parsed = 0
        """Pages parsed in this run (not found in the file)."""
        if self.path is not None:
            try:
                with self.path.open("rb") as stream:
                    data = pickle.load(stream)
                if data.get("format") == _format():
                    self._known = data["pages"]
            except Exception:  # noqa: BLE001 - a damaged cache only means parsing again
                self._known = {}

    def parse(self, text: str) -> tuple[set[str], list[HtmlLink]]:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
        found = self._used.get(digest) or self._known.get(digest)
        if found is None:
            found = parse_html(text)
            self.parsed += 1
        self._used[digest] = found
        return found

    def save(self) -> None:
        """Keep this run's pages (only them) for the next build; nothing is written when nothing changed."""
        if self.path is None or (not self.parsed and self._used.keys() == self._known.keys()):
            return
        replace_cache_file(self.path, pickle.dumps({"format": _format(), "pages": self._used},
                                                   protocol=pickle.HIGHEST_PROTOCOL))
