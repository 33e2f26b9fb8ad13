"""The comments syllabuild writes into generated Markdown, and how to read them back (one owner).

- `<!-- syllabuild:origin lectures/02-x.md:1 -->`: the lines after it come from that file,
  starting at that line (lecture notes inside a generated lecture page), so snippet failures
  and broken links are reported where staff wrote them.
- `<!-- syllabuild:outputs 3f2a…  -->`: the hash of every executed output a page embeds; a
  builder's render cache keyed on page text can then never serve a page with stale output.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

__all__ = ["ORIGIN", "origin_marker", "outputs_marker"]

ORIGIN = re.compile(r"^\s*<!--\s*syllabuild:origin\s+(?P<path>\S+):(?P<line>\d+)\s*-->\s*$")
"""Matches one origin marker line; groups `path` and `line`."""


def origin_marker(path: str, line: int = 1) -> str:
    """The marker saying the following lines come from `path`, from `line` on."""
    return f"<!-- syllabuild:origin {path}:{line} -->"


def outputs_marker(parts: Iterable[bytes]) -> str:
    """The marker carrying the hash of a page's embedded outputs (text and figures, in page order)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return f"<!-- syllabuild:outputs {digest.hexdigest()[:32]} -->"
